from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="VideoLink")


@_attrs_define
class VideoLink:
    """
    Attributes:
        video_url (str):
        caption (str | Unset): Default: the empty string.
    """

    video_url: str
    caption: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        video_url = self.video_url

        caption = self.caption

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "video_url": video_url,
            }
        )
        if caption is not UNSET:
            field_dict["caption"] = caption

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        video_url = d.pop("video_url")

        caption = d.pop("caption", UNSET)

        video_link = cls(
            video_url=video_url,
            caption=caption,
        )

        return video_link
