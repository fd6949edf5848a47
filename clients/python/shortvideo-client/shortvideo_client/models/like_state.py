from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="LikeState")


@_attrs_define
class LikeState:
    """
    Attributes:
        liked (bool):  Example: True.
        like_count (int):  Example: 312.
    """

    liked: bool
    like_count: int

    def to_dict(self) -> dict[str, Any]:
        liked = self.liked

        like_count = self.like_count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "liked": liked,
                "like_count": like_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        liked = d.pop("liked")

        like_count = d.pop("like_count")

        like_state = cls(
            liked=liked,
            like_count=like_count,
        )

        return like_state
