"""Reads of reports, the moderation queue, the audit log and the blocked terms.

Each list is one statement: the rows with the accounts they name joined in.
"""

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.errors import NotFound
from app.extensions import db
from app.models import BlockedTerm, ModerationAction, Report, User
from app.models.moderation import USER_TARGET
from app.pagination import Page, paginate
from app.visibility import VIEWER_ID, viewer_params


def _summary(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "avatar_url": user.avatar_url,
    }


def target_of(target_type: str, target_id: int | None, username: str | None) -> dict[str, Any]:
    if target_type == USER_TARGET:
        return {"type": target_type, "username": username}
    return {"type": target_type, "id": target_id}


def dump_report(report: Report) -> dict[str, Any]:
    """The Report representation (what the reporter sees)."""
    return {
        "id": report.id,
        "target": target_of(report.target_type, report.target_id, report.snapshot_author_username),
        "reason": report.reason,
        "details": report.details,
        "status": report.status,
        "action": report.action,
        "created_at": report.created_at,
        "resolved_at": report.resolved_at,
    }


def dump_mod_report(row: sa.Row) -> dict[str, Any]:
    """The ModReport representation of a ``(Report, reporter, resolver)`` row."""
    report, reporter, resolver = row[0], row[1], row[2]
    return {
        **dump_report(report),
        "reporter": _summary(reporter),
        "target_snapshot": {
            "text": report.snapshot_text,
            "author_id": report.target_author_id,
            "author_username": report.snapshot_author_username,
        },
        "resolved_by": _summary(resolver),
        "note": report.note,
    }


def list_own_reports(*, viewer: User, args: Mapping[str, Any]) -> Page:
    """The viewer's reports, most recent first."""
    stmt = sa.select(Report).where(Report.reporter_id == VIEWER_ID)
    return paginate(
        stmt,
        [Report.created_at, Report.id],
        args,
        list_name="own-reports",
        params=viewer_params(viewer),
        to_item=lambda row: dump_report(row[0]),
    )


def _mod_reports() -> sa.Select:
    reporter, resolver = so.aliased(User), so.aliased(User)
    return (
        sa.select(Report, reporter, resolver)
        .outerjoin(reporter, reporter.id == Report.reporter_id)
        .outerjoin(resolver, resolver.id == Report.resolved_by_id)
    )


def list_queue(*, args: Mapping[str, Any]) -> Page:
    """Reports of one status, oldest first: the moderation queue."""
    stmt = _mod_reports().where(Report.status == args["status"])
    return paginate(
        stmt,
        [Report.created_at, Report.id],
        args,
        list_name=f"queue-{args['status']}",
        ascending=True,
        to_item=dump_mod_report,
    )


def get_mod_report(*, report_id: int) -> dict[str, Any]:
    row = db.session.execute(_mod_reports().where(Report.id == report_id)).first()
    if row is None:
        raise NotFound("Report not found.")
    return dump_mod_report(row)


def list_audit(*, args: Mapping[str, Any]) -> Page:
    """Every moderation action, newest first."""
    stmt = sa.select(ModerationAction, User).outerjoin(User, User.id == ModerationAction.moderator_id)

    def to_item(row: sa.Row) -> dict[str, Any]:
        entry, moderator = row[0], row[1]
        return {
            "id": entry.id,
            "moderator": _summary(moderator),
            "action": entry.action,
            "target": target_of(entry.target_type, entry.target_id, entry.target_username),
            "note": entry.note,
            "created_at": entry.created_at,
        }

    return paginate(
        stmt, [ModerationAction.created_at, ModerationAction.id], args, list_name="audit", to_item=to_item
    )


def list_blocked_terms(*, args: Mapping[str, Any]) -> Page:
    """Blocked terms, newest first."""
    stmt = sa.select(BlockedTerm)
    return paginate(
        stmt,
        [BlockedTerm.created_at, BlockedTerm.id],
        args,
        list_name="blocked-terms",
        to_item=lambda row: row[0],
    )
