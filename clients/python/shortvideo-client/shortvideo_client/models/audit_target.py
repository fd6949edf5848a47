from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.audit_target_type import AuditTargetType
from ..types import UNSET, Unset

T = TypeVar("T", bound="AuditTarget")


@_attrs_define
class AuditTarget:
    """
    Attributes:
        type_ (AuditTargetType):
        id (int | Unset):  Example: 42.
        username (str | Unset):  Example: promo_bot.
    """

    type_: AuditTargetType
    id: int | Unset = UNSET
    username: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        id = self.id

        username = self.username

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if username is not UNSET:
            field_dict["username"] = username

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = AuditTargetType(d.pop("type"))

        id = d.pop("id", UNSET)

        username = d.pop("username", UNSET)

        audit_target = cls(
            type_=type_,
            id=id,
            username=username,
        )

        return audit_target
