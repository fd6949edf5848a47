from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..models.video_upload_doc_visibility import VideoUploadDocVisibility
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="VideoUploadDoc")


@_attrs_define
class VideoUploadDoc:
    """
    Attributes:
        file (File): MP4, MOV or WebM.
        caption (str | Unset): Default: the empty string. Example: Sunset over the harbour #sunset.
        visibility (VideoUploadDocVisibility | Unset): public: everyone (a private account's followers only); followers:
            the author's followers; private: the author only. Default: `public`. Example: followers.
    """

    file: File
    caption: str | Unset = UNSET
    visibility: VideoUploadDocVisibility | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        caption = self.caption

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file": file,
            }
        )
        if caption is not UNSET:
            field_dict["caption"] = caption
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.caption, Unset):
            files.append(("caption", (None, str(self.caption).encode(), "text/plain")))

        if not isinstance(self.visibility, Unset):
            files.append(("visibility", (None, str(self.visibility.value).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        caption = d.pop("caption", UNSET)

        _visibility = d.pop("visibility", UNSET)
        visibility: VideoUploadDocVisibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = VideoUploadDocVisibility(_visibility)

        video_upload_doc = cls(
            file=file,
            caption=caption,
            visibility=visibility,
        )

        return video_upload_doc
