from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.report_action_type_1 import ReportActionType1
from ..models.report_action_type_2_type_1 import ReportActionType2Type1
from ..models.report_action_type_3_type_1 import ReportActionType3Type1
from ..models.report_reason import ReportReason
from ..models.report_status import ReportStatus

if TYPE_CHECKING:
    from ..models.report_target import ReportTarget


T = TypeVar("T", bound="Report")


@_attrs_define
class Report:
    """
    Attributes:
        id (int):  Example: 7.
        target (ReportTarget):
        reason (ReportReason):
        details (str):  Example: Posted 40 times..
        status (ReportStatus):
        action (None | ReportActionType1 | ReportActionType2Type1 | ReportActionType3Type1):
        created_at (datetime.datetime): When the report was received. Example: 2026-12-01T12:00:00+00:00.
        resolved_at (datetime.datetime | None):
    """

    id: int
    target: ReportTarget
    reason: ReportReason
    details: str
    status: ReportStatus
    action: None | ReportActionType1 | ReportActionType2Type1 | ReportActionType3Type1
    created_at: datetime.datetime
    resolved_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        target = self.target.to_dict()

        reason = self.reason.value

        details = self.details

        status = self.status.value

        action: None | str
        if isinstance(self.action, ReportActionType1):
            action = self.action.value
        elif isinstance(self.action, ReportActionType2Type1):
            action = self.action.value
        elif isinstance(self.action, ReportActionType3Type1):
            action = self.action.value
        else:
            action = self.action

        created_at = self.created_at.isoformat()

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "target": target,
                "reason": reason,
                "details": details,
                "status": status,
                "action": action,
                "created_at": created_at,
                "resolved_at": resolved_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.report_target import ReportTarget  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        target = ReportTarget.from_dict(d.pop("target"))

        reason = ReportReason(d.pop("reason"))

        details = d.pop("details")

        status = ReportStatus(d.pop("status"))

        def _parse_action(data: object) -> None | ReportActionType1 | ReportActionType2Type1 | ReportActionType3Type1:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                action_type_1 = ReportActionType1(data)

                return action_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                action_type_2_type_1 = ReportActionType2Type1(data)

                return action_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                action_type_3_type_1 = ReportActionType3Type1(data)

                return action_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReportActionType1 | ReportActionType2Type1 | ReportActionType3Type1, data)

        action = _parse_action(d.pop("action"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_resolved_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)

                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at"))

        report = cls(
            id=id,
            target=target,
            reason=reason,
            details=details,
            status=status,
            action=action,
            created_at=created_at,
            resolved_at=resolved_at,
        )

        return report
