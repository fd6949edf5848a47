from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Limits")


@_attrs_define
class Limits:
    """
    Attributes:
        video_max_bytes (int):  Example: 104857600.
        video_max_seconds (int):  Example: 600.
        caption_max_length (int):  Example: 2200.
        comment_max_length (int):  Example: 150.
    """

    video_max_bytes: int
    video_max_seconds: int
    caption_max_length: int
    comment_max_length: int

    def to_dict(self) -> dict[str, Any]:
        video_max_bytes = self.video_max_bytes

        video_max_seconds = self.video_max_seconds

        caption_max_length = self.caption_max_length

        comment_max_length = self.comment_max_length

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "video_max_bytes": video_max_bytes,
                "video_max_seconds": video_max_seconds,
                "caption_max_length": caption_max_length,
                "comment_max_length": comment_max_length,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        video_max_bytes = d.pop("video_max_bytes")

        video_max_seconds = d.pop("video_max_seconds")

        caption_max_length = d.pop("caption_max_length")

        comment_max_length = d.pop("comment_max_length")

        limits = cls(
            video_max_bytes=video_max_bytes,
            video_max_seconds=video_max_seconds,
            caption_max_length=caption_max_length,
            comment_max_length=comment_max_length,
        )

        return limits
