from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.upload_content_type import UploadContentType
from ..models.upload_status import UploadStatus

if TYPE_CHECKING:
    from ..models.upload_part import UploadPart


T = TypeVar("T", bound="Upload")


@_attrs_define
class Upload:
    """
    Attributes:
        id (str):  Example: b3JkZXItMTIzNDU2Nzg.
        size (int):  Example: 5242880.
        content_type (UploadContentType):
        part_size (int): Every part's size but the last's. Example: 8388608.
        parts (list[UploadPart]):
        received_parts (list[int]): The part numbers stored so far. Example: [1].
        status (UploadStatus):
        expires_at (datetime.datetime): Not completed by then, it is removed with its parts. Example:
            2026-12-02T12:00:00+00:00.
    """

    id: str
    size: int
    content_type: UploadContentType
    part_size: int
    parts: list[UploadPart]
    received_parts: list[int]
    status: UploadStatus
    expires_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        size = self.size

        content_type = self.content_type.value

        part_size = self.part_size

        parts = []
        for parts_item_data in self.parts:
            parts_item = parts_item_data.to_dict()
            parts.append(parts_item)

        received_parts = self.received_parts

        status = self.status.value

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "size": size,
                "content_type": content_type,
                "part_size": part_size,
                "parts": parts,
                "received_parts": received_parts,
                "status": status,
                "expires_at": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.upload_part import UploadPart  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        size = d.pop("size")

        content_type = UploadContentType(d.pop("content_type"))

        part_size = d.pop("part_size")

        parts = []
        _parts = d.pop("parts")
        for parts_item_data in _parts:
            parts_item = UploadPart.from_dict(parts_item_data)

            parts.append(parts_item)

        received_parts = cast(list[int], d.pop("received_parts"))

        status = UploadStatus(d.pop("status"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        upload = cls(
            id=id,
            size=size,
            content_type=content_type,
            part_size=part_size,
            parts=parts,
            received_parts=received_parts,
            status=status,
            expires_at=expires_at,
        )

        return upload
