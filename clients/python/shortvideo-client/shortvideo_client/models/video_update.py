from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.video_update_visibility import VideoUpdateVisibility
from ..types import UNSET, Unset

T = TypeVar("T", bound="VideoUpdate")


@_attrs_define
class VideoUpdate:
    """
    Attributes:
        caption (str | Unset):  Example: New caption #tag.
        visibility (VideoUpdateVisibility | Unset): public: everyone (a private account's followers only); followers:
            the author's followers; private: the author only. Example: followers.
    """

    caption: str | Unset = UNSET
    visibility: VideoUpdateVisibility | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        caption = self.caption

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if caption is not UNSET:
            field_dict["caption"] = caption
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        caption = d.pop("caption", UNSET)

        _visibility = d.pop("visibility", UNSET)
        visibility: VideoUpdateVisibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = VideoUpdateVisibility(_visibility)

        video_update = cls(
            caption=caption,
            visibility=visibility,
        )

        return video_update
