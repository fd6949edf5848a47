from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.video_link_visibility import VideoLinkVisibility
from ..types import UNSET, Unset

T = TypeVar("T", bound="VideoLink")


@_attrs_define
class VideoLink:
    """
    Attributes:
        video_url (str): An http or https URL, never fetched. An international one is kept in its ASCII form: the host
            in punycode, other characters percent-encoded.
        caption (str | Unset): Default: the empty string.
        visibility (VideoLinkVisibility | Unset): public: everyone (a private account's followers only); followers: the
            author's followers; private: the author only. Default: `public`. Example: followers.
    """

    video_url: str
    caption: str | Unset = UNSET
    visibility: VideoLinkVisibility | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        video_url = self.video_url

        caption = self.caption

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "video_url": video_url,
            }
        )
        if caption is not UNSET:
            field_dict["caption"] = caption
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        video_url = d.pop("video_url")

        caption = d.pop("caption", UNSET)

        _visibility = d.pop("visibility", UNSET)
        visibility: VideoLinkVisibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = VideoLinkVisibility(_visibility)

        video_link = cls(
            video_url=video_url,
            caption=caption,
            visibility=visibility,
        )

        return video_link
