from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.audit_target import AuditTarget
    from ..models.user_summary import UserSummary


T = TypeVar("T", bound="AuditEntry")


@_attrs_define
class AuditEntry:
    """
    Attributes:
        id (int):  Example: 88.
        moderator (None | UserSummary):
        action (str):  Example: remove_video.
        target (AuditTarget):
        note (str):  Example: Spam..
        created_at (datetime.datetime):  Example: 2026-12-01T12:00:00+00:00.
    """

    id: int
    moderator: None | UserSummary
    action: str
    target: AuditTarget
    note: str
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        from ..models.user_summary import UserSummary  # noqa: PLC0415

        id = self.id

        moderator: dict[str, Any] | None
        if isinstance(self.moderator, UserSummary):
            moderator = self.moderator.to_dict()
        else:
            moderator = self.moderator

        action = self.action

        target = self.target.to_dict()

        note = self.note

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "moderator": moderator,
                "action": action,
                "target": target,
                "note": note,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_target import AuditTarget  # noqa: PLC0415
        from ..models.user_summary import UserSummary  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_moderator(data: object) -> None | UserSummary:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                moderator_type_1 = UserSummary.from_dict(data)

                return moderator_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UserSummary, data)

        moderator = _parse_moderator(d.pop("moderator"))

        action = d.pop("action")

        target = AuditTarget.from_dict(d.pop("target"))

        note = d.pop("note")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        audit_entry = cls(
            id=id,
            moderator=moderator,
            action=action,
            target=target,
            note=note,
            created_at=created_at,
        )

        return audit_entry
