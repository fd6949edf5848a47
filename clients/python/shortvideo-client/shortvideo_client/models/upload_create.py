from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.upload_create_content_type import UploadCreateContentType

T = TypeVar("T", bound="UploadCreate")


@_attrs_define
class UploadCreate:
    """
    Attributes:
        size (int): The file's size in bytes; over the upload limit is a 413. Example: 5242880.
        content_type (UploadCreateContentType):  Example: video/mp4.
    """

    size: int
    content_type: UploadCreateContentType

    def to_dict(self) -> dict[str, Any]:
        size = self.size

        content_type = self.content_type.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "size": size,
                "content_type": content_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        size = d.pop("size")

        content_type = UploadCreateContentType(d.pop("content_type"))

        upload_create = cls(
            size=size,
            content_type=content_type,
        )

        return upload_create
