from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Approval")


@_attrs_define
class Approval:
    """
    Attributes:
        approved (bool):  Example: True.
    """

    approved: bool

    def to_dict(self) -> dict[str, Any]:
        approved = self.approved

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "approved": approved,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approved = d.pop("approved")

        approval = cls(
            approved=approved,
        )

        return approval
