from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.report_target_type import ReportTargetType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReportTarget")


@_attrs_define
class ReportTarget:
    """
    Attributes:
        type_ (ReportTargetType):
        id (int | Unset): A video's or a comment's id. Example: 42.
        username (str | Unset): A user's username. Example: maya.lens.
    """

    type_: ReportTargetType
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
        type_ = ReportTargetType(d.pop("type"))

        id = d.pop("id", UNSET)

        username = d.pop("username", UNSET)

        report_target = cls(
            type_=type_,
            id=id,
            username=username,
        )

        return report_target
