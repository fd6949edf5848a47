from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="BookmarkState")


@_attrs_define
class BookmarkState:
    """
    Attributes:
        bookmarked (bool):  Example: True.
        bookmark_count (int):  Example: 12.
    """

    bookmarked: bool
    bookmark_count: int

    def to_dict(self) -> dict[str, Any]:
        bookmarked = self.bookmarked

        bookmark_count = self.bookmark_count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "bookmarked": bookmarked,
                "bookmark_count": bookmark_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bookmarked = d.pop("bookmarked")

        bookmark_count = d.pop("bookmark_count")

        bookmark_state = cls(
            bookmarked=bookmarked,
            bookmark_count=bookmark_count,
        )

        return bookmark_state
