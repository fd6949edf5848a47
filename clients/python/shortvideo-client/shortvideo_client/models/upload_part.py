from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="UploadPart")


@_attrs_define
class UploadPart:
    """
    Attributes:
        number (int): From 1. Example: 1.
        size (int): Exactly this many bytes must be sent. Example: 5242880.
        url (str): PUT the part's bytes here, without an Authorization header; valid until the upload expires. Example:
            https://api.example.com/api/uploads/b3JkZXItMTIzNDU2Nzg/parts/1?token=Zm9vYmFy.
    """

    number: int
    size: int
    url: str

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        size = self.size

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "number": number,
                "size": size,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        number = d.pop("number")

        size = d.pop("size")

        url = d.pop("url")

        upload_part = cls(
            number=number,
            size=size,
            url=url,
        )

        return upload_part
