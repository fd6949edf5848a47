from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="NotificationComment")


@_attrs_define
class NotificationComment:
    """
    Attributes:
        id (int):  Example: 901.
        body (str):  Example: Where is this stall? 😍.
    """

    id: int
    body: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        body = self.body

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "body": body,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        body = d.pop("body")

        notification_comment = cls(
            id=id,
            body=body,
        )

        return notification_comment
