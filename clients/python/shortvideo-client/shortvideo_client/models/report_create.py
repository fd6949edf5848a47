from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.report_create_reason import ReportCreateReason
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.target import Target


T = TypeVar("T", bound="ReportCreate")


@_attrs_define
class ReportCreate:
    """
    Attributes:
        target (Target):
        reason (ReportCreateReason):  Example: spam.
        details (str | Unset): Default: the empty string. Example: Posted 40 times..
        block (bool | Unset): Also block the target's author. Default: `False`. Example: False.
    """

    target: Target
    reason: ReportCreateReason
    details: str | Unset = UNSET
    block: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        target = self.target.to_dict()

        reason = self.reason.value

        details = self.details

        block = self.block

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "target": target,
                "reason": reason,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details
        if block is not UNSET:
            field_dict["block"] = block

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.target import Target  # noqa: PLC0415

        d = dict(src_dict)
        target = Target.from_dict(d.pop("target"))

        reason = ReportCreateReason(d.pop("reason"))

        details = d.pop("details", UNSET)

        block = d.pop("block", UNSET)

        report_create = cls(
            target=target,
            reason=reason,
            details=details,
            block=block,
        )

        return report_create
