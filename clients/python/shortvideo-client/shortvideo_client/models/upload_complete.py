from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UploadComplete")


@_attrs_define
class UploadComplete:
    """
    Attributes:
        caption (str | Unset): Default: empty. Default: the empty string.
    """

    caption: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        caption = self.caption

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if caption is not UNSET:
            field_dict["caption"] = caption

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        caption = d.pop("caption", UNSET)

        upload_complete = cls(
            caption=caption,
        )

        return upload_complete
