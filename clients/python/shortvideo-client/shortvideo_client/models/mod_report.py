from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.mod_report_action_type_1 import ModReportActionType1
from ..models.mod_report_action_type_2_type_1 import ModReportActionType2Type1
from ..models.mod_report_action_type_3_type_1 import ModReportActionType3Type1
from ..models.mod_report_reason import ModReportReason
from ..models.mod_report_status import ModReportStatus

if TYPE_CHECKING:
    from ..models.report_target import ReportTarget
    from ..models.snapshot import Snapshot
    from ..models.user_summary import UserSummary


T = TypeVar("T", bound="ModReport")


@_attrs_define
class ModReport:
    """
    Attributes:
        id (int):  Example: 7.
        target (ReportTarget):
        reason (ModReportReason):
        details (str):  Example: Posted 40 times..
        status (ModReportStatus):
        action (ModReportActionType1 | ModReportActionType2Type1 | ModReportActionType3Type1 | None):
        created_at (datetime.datetime): When the report was received. Example: 2026-12-01T12:00:00+00:00.
        resolved_at (datetime.datetime | None):
        reporter (None | UserSummary):
        target_snapshot (Snapshot):
        resolved_by (None | UserSummary):
        note (None | str):
    """

    id: int
    target: ReportTarget
    reason: ModReportReason
    details: str
    status: ModReportStatus
    action: ModReportActionType1 | ModReportActionType2Type1 | ModReportActionType3Type1 | None
    created_at: datetime.datetime
    resolved_at: datetime.datetime | None
    reporter: None | UserSummary
    target_snapshot: Snapshot
    resolved_by: None | UserSummary
    note: None | str

    def to_dict(self) -> dict[str, Any]:
        from ..models.user_summary import UserSummary  # noqa: PLC0415

        id = self.id

        target = self.target.to_dict()

        reason = self.reason.value

        details = self.details

        status = self.status.value

        action: None | str
        if isinstance(self.action, ModReportActionType1):
            action = self.action.value
        elif isinstance(self.action, ModReportActionType2Type1):
            action = self.action.value
        elif isinstance(self.action, ModReportActionType3Type1):
            action = self.action.value
        else:
            action = self.action

        created_at = self.created_at.isoformat()

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        reporter: dict[str, Any] | None
        if isinstance(self.reporter, UserSummary):
            reporter = self.reporter.to_dict()
        else:
            reporter = self.reporter

        target_snapshot = self.target_snapshot.to_dict()

        resolved_by: dict[str, Any] | None
        if isinstance(self.resolved_by, UserSummary):
            resolved_by = self.resolved_by.to_dict()
        else:
            resolved_by = self.resolved_by

        note: None | str
        note = self.note

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
                "reporter": reporter,
                "target_snapshot": target_snapshot,
                "resolved_by": resolved_by,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.report_target import ReportTarget  # noqa: PLC0415
        from ..models.snapshot import Snapshot  # noqa: PLC0415
        from ..models.user_summary import UserSummary  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        target = ReportTarget.from_dict(d.pop("target"))

        reason = ModReportReason(d.pop("reason"))

        details = d.pop("details")

        status = ModReportStatus(d.pop("status"))

        def _parse_action(
            data: object,
        ) -> ModReportActionType1 | ModReportActionType2Type1 | ModReportActionType3Type1 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                action_type_1 = ModReportActionType1(data)

                return action_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                action_type_2_type_1 = ModReportActionType2Type1(data)

                return action_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                action_type_3_type_1 = ModReportActionType3Type1(data)

                return action_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModReportActionType1 | ModReportActionType2Type1 | ModReportActionType3Type1 | None, data)

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

        def _parse_reporter(data: object) -> None | UserSummary:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                reporter_type_1 = UserSummary.from_dict(data)

                return reporter_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UserSummary, data)

        reporter = _parse_reporter(d.pop("reporter"))

        target_snapshot = Snapshot.from_dict(d.pop("target_snapshot"))

        def _parse_resolved_by(data: object) -> None | UserSummary:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                resolved_by_type_1 = UserSummary.from_dict(data)

                return resolved_by_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UserSummary, data)

        resolved_by = _parse_resolved_by(d.pop("resolved_by"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        mod_report = cls(
            id=id,
            target=target,
            reason=reason,
            details=details,
            status=status,
            action=action,
            created_at=created_at,
            resolved_at=resolved_at,
            reporter=reporter,
            target_snapshot=target_snapshot,
            resolved_by=resolved_by,
            note=note,
        )

        return mod_report
