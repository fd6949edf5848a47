from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Hashtag")


@_attrs_define
class Hashtag:
    """
    Attributes:
        name (str): Lowercase, without '#'. Example: cats.
        video_count (int): The tag's public, ready videos. Example: 42.
    """

    name: str
    video_count: int

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        video_count = self.video_count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "video_count": video_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        video_count = d.pop("video_count")

        hashtag = cls(
            name=name,
            video_count=video_count,
        )

        return hashtag
