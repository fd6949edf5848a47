from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TrendingHashtag")


@_attrs_define
class TrendingHashtag:
    """
    Attributes:
        name (str): Lowercase, without '#'. Example: cats.
        video_count (int): The tag's public, ready videos. Example: 42.
        recent_count (int): Its videos posted in the last TRENDING_HOURS (24). Example: 7.
    """

    name: str
    video_count: int
    recent_count: int

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        video_count = self.video_count

        recent_count = self.recent_count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "video_count": video_count,
                "recent_count": recent_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        video_count = d.pop("video_count")

        recent_count = d.pop("recent_count")

        trending_hashtag = cls(
            name=name,
            video_count=video_count,
            recent_count=recent_count,
        )

        return trending_hashtag
