"""Reports and moderation: the rules and the transactions.

A report names what the reporter can see (404 otherwise, app/visibility.py) and copies
its text. Moderators and admins resolve reports, remove and restore content, suspend and
reinstate accounts and keep the blocked terms; every such action lands in the audit log in
the same transaction. Nobody acts on themselves; only an admin acts on an admin.

Moderation notifies in the same transaction (app/notifications/producer.py), always with
a null actor: moderators stay anonymous to the people they act on and to reporters (an
author who knew who removed their video could harass or block that moderator).
"""

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from app.comments.queries import find_visible_comment
from app.database import retry_transaction
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.extensions import db
from app.hashtags.counts import lock_videos_of, recount_tags
from app.models import BlockedTerm, Comment, ModerationAction, Report, User, Video
from app.models.base import utcnow
from app.models.moderation import (
    COMMENT,
    OPEN,
    REMOVE_CONTENT,
    RESOLVED,
    SUSPEND_AUTHOR,
    USER_TARGET,
    VIDEO,
)
from app.models.notification import CONTENT_REMOVED, REPORT_RESOLVED
from app.models.user import ADMIN, SUSPENDED_FOREVER
from app.models.video import FAILED, PROCESSING, READY, REMOVED
from app.moderation.queries import dump_report, get_mod_report
from app.moderation.terms import forget_cached_terms, normalise
from app.notifications.producer import notify, retract
from app.sql import insert_ignoring_conflicts
from app.users.controllers import block_user
from app.users.queries import find_user, find_visible_user
from app.videos.queries import require_visible_video

# --- reports -------------------------------------------------------------------------------


def _target(viewer: User, target: dict[str, Any]) -> tuple[int, int, str, str]:
    """(target id, author id, text, author username) of a target the viewer may see."""
    if target["type"] == VIDEO:
        video = require_visible_video(viewer=viewer, video_id=target["id"])
        return target["id"], video.author_id, video.caption, video.author_username
    if target["type"] == COMMENT:
        comment = find_visible_comment(viewer=viewer, comment_id=target["id"])
        if comment is None:
            raise NotFound("Comment not found.")
        return comment.id, comment.author_id, comment.body, comment.author_username
    user = find_visible_user(viewer=viewer, username=target["username"])
    return user.id, user.id, user.username, user.username


def create_report(
    *, viewer: User, target: dict[str, Any], reason: str, details: str, block: bool
) -> tuple[dict[str, Any], bool]:
    """The report and whether it is new: reporting a target again while the first report is
    open answers that one. ``block`` also blocks the target's author, in the same commit."""
    target_id, author_id, text, author_username = _target(viewer, target)
    if author_id == viewer.id:
        raise Invalid.field("json", "target", "You cannot report yourself or your own content.")
    inserted = db.session.execute(
        insert_ignoring_conflicts(db.session, Report)
        .values(
            reporter_id=viewer.id,
            target_type=target["type"],
            target_id=target_id,
            target_author_id=author_id,
            snapshot_text=text,
            snapshot_author_username=author_username,
            reason=reason,
            details=details,
            status=OPEN,
            created_at=utcnow(),
        )
        .returning(Report.id)
    ).scalar()
    report_id = inserted or db.session.scalar(
        sa.select(Report.id).where(
            Report.reporter_id == viewer.id,
            Report.target_type == target["type"],
            Report.target_id == target_id,
            Report.status == OPEN,
        )
    )
    if block:
        block_user(viewer=viewer, target_id=author_id)  # commits the report with it
    else:
        db.session.commit()
    report = db.session.get(Report, report_id)
    assert report is not None  # just written (or found open) by this transaction
    return dump_report(report), inserted is not None


# --- the moderator's rules --------------------------------------------------------------------


def _may_act_on(moderator: User, account_id: int | None) -> None:
    if account_id is None:
        return
    if account_id == moderator.id:
        raise Forbidden("You cannot act on yourself or your own content.")
    role = db.session.scalar(sa.select(User.role).where(User.id == account_id))
    if role == ADMIN and moderator.role != ADMIN:
        raise Forbidden("Only an admin can act on an admin.")


def _audit(
    moderator: User, action: str, target_type: str, target_id: int | None, note: str = "", username=None
):
    db.session.add(
        ModerationAction(
            moderator_id=moderator.id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_username=username,
            note=note,
            created_at=utcnow(),
        )
    )


def _restored_status() -> sa.ColumnElement[str]:
    """What a restored video goes back to: failed, ready (a link or a rendition), or
    processing (the sweep queues it again)."""
    return sa.case(
        (Video.processing_error.is_not(None), FAILED),
        (sa.or_(Video.video_url.is_not(None), Video.rendition_key.is_not(None)), READY),
        else_=PROCESSING,
    )


def _set_video_removed(video_id: int, removed: bool) -> None:
    values = {"status": REMOVED} if removed else {"status": _restored_status()}
    where = Video.status != REMOVED if removed else Video.status == REMOVED
    db.session.execute(sa.update(Video).where(Video.id == video_id, where).values(values))
    recount_tags(db.session, video_ids=[video_id])


def _set_comment_removed(comment_id: int, removed: bool) -> None:
    db.session.execute(
        sa.update(Comment).where(Comment.id == comment_id).values(removed_at=utcnow() if removed else None)
    )


def _author_of(kind: str, content_id: int) -> int | None:
    model = Video if kind == VIDEO else Comment
    return db.session.scalar(sa.select(model.author_id).where(model.id == content_id))


def _content_author(kind: str, content_id: int) -> int:
    author_id = _author_of(kind, content_id)
    if author_id is None:
        raise NotFound(f"{kind.title()} not found.")
    return author_id


def _set_removed(kind: str, content_id: int, author_id: int | None, removed: bool) -> None:
    """Remove or restore a video or a comment, and tell its author (``content_removed``);
    a restore takes that notification back, so a later removal is told again.

    The notification names what its author still sees (app/visibility.py): a removed video
    is theirs to see by id (``status: removed``), so it names the video; a removed comment
    names the comment only (its author always sees it), not its video, which may be one
    they cannot see (its author blocks them, or made it private): the notification must
    neither leak that video nor be dropped for it."""
    if kind == VIDEO:
        _set_video_removed(content_id, removed)
    else:
        _set_comment_removed(content_id, removed)
    if author_id is None:  # the content, or its account, is gone
        return
    video_id, comment_id = (content_id, None) if kind == VIDEO else (None, content_id)
    if removed:
        notify(db.session, author_id, CONTENT_REMOVED, None, video_id=video_id, comment_id=comment_id)
    else:
        retract(db.session, author_id, CONTENT_REMOVED, None, video_id=video_id, comment_id=comment_id)


def set_removal(*, moderator: User, kind: str, content_id: int, removed: bool, reason: str = "") -> None:
    """Remove (``removed``) or restore a video or a comment."""
    author_id = _content_author(kind, content_id)
    _may_act_on(moderator, author_id)
    _set_removed(kind, content_id, author_id, removed)
    _audit(moderator, f"{'remove' if removed else 'restore'}_{kind}", kind, content_id, reason)
    db.session.commit()


def _suspend(moderator: User, user_id: int, username: str, reason: str, until: datetime | None) -> None:
    lock_videos_of(db.session, user_id)
    db.session.execute(
        sa.update(User)
        .where(User.id == user_id)
        .values(suspended_until=until or SUSPENDED_FOREVER, suspension_reason=reason)
    )
    recount_tags(db.session, author_id=user_id)
    _audit(moderator, "suspend_user", USER_TARGET, user_id, reason, username)


def suspend(*, moderator: User, username: str, reason: str, until: datetime | None) -> datetime | None:
    """Suspend an account, until ``until`` or until lifted; returns ``until``."""
    if until is not None:
        try:
            until = until.astimezone(UTC)
        except OverflowError:  # beyond year 9999 once in UTC
            raise Invalid.field("json", "until", "Must be a date before the year 9999.") from None
        if until <= datetime.now(UTC):
            raise Invalid.field("json", "until", "Must be in the future.")
    user = find_user(username=username)
    _may_act_on(moderator, user.id)
    _suspend(moderator, user.id, user.username, reason, until)
    db.session.commit()
    return until


def lift_suspension(*, moderator: User, username: str) -> None:
    user = find_user(username=username)
    _may_act_on(moderator, user.id)
    lock_videos_of(db.session, user.id)
    db.session.execute(
        sa.update(User).where(User.id == user.id).values(suspended_until=None, suspension_reason=None)
    )
    recount_tags(db.session, author_id=user.id)
    _audit(moderator, "lift_suspension", USER_TARGET, user.id, "", user.username)
    db.session.commit()


@retry_transaction
def resolve_report(*, moderator: User, report_id: int, action: str, note: str) -> dict[str, Any]:
    """Resolve a report, and with it every other open report of the same target."""
    report = db.session.scalar(sa.select(Report).where(Report.id == report_id).with_for_update())
    if report is None:
        raise NotFound("Report not found.")
    if report.status == RESOLVED:
        raise Conflict("The report is already resolved.")
    if action != "dismiss":
        _may_act_on(moderator, report.target_author_id)
    if action == REMOVE_CONTENT:
        if report.target_type == USER_TARGET:
            raise Invalid.field("json", "action", "An account is not content: dismiss, or suspend it.")
        _set_removed(
            report.target_type, report.target_id, _author_of(report.target_type, report.target_id), True
        )
        _audit(moderator, f"remove_{report.target_type}", report.target_type, report.target_id, note)
    elif action == SUSPEND_AUTHOR:
        if report.target_author_id is None:
            raise Invalid.field("json", "action", "The author's account no longer exists.")
        _suspend(
            moderator, report.target_author_id, report.snapshot_author_username, note or report.reason, None
        )
    resolved = db.session.execute(
        sa.update(Report)
        .where(
            Report.target_type == report.target_type,
            Report.target_id == report.target_id,
            Report.status == OPEN,
        )
        .values(status=RESOLVED, action=action, note=note, resolved_by_id=moderator.id, resolved_at=utcnow())
        .returning(Report.id, Report.reporter_id)
    ).all()
    # Every reporter of the target is told, once per report (the report is the cause: a
    # reporter has many). No video or comment: after a removal or a suspension the target
    # is a 404 for the reporter, and after a dismissal it may be one they no longer see;
    # the outcome is their report's status and action (GET /api/reports).
    for resolved_id, reporter_id in resolved:
        if reporter_id != moderator.id:  # nobody is told of their own actions
            notify(db.session, reporter_id, REPORT_RESOLVED, None, about=f"report:{resolved_id}")
    _audit(moderator, f"resolve_report:{action}", "report", report.id, note)
    db.session.commit()
    return get_mod_report(report_id=report_id)


# --- blocked terms ------------------------------------------------------------------------------


def add_blocked_term(*, moderator: User, term: str) -> BlockedTerm:
    key = normalise(term)
    inserted = db.session.execute(
        insert_ignoring_conflicts(db.session, BlockedTerm)
        .values(term=" ".join(term.split()), term_key=key, created_at=utcnow())
        .returning(BlockedTerm.id)
    ).scalar()
    if inserted is None:
        db.session.rollback()
        raise Conflict("This term is already blocked.", errors={"json": {"term": ["Already blocked."]}})
    _audit(moderator, "add_blocked_term", "blocked_term", inserted, key)
    db.session.commit()
    forget_cached_terms()
    term_row = db.session.get(BlockedTerm, inserted)
    assert term_row is not None
    return term_row


def remove_blocked_term(*, moderator: User, term_id: int) -> None:
    key = db.session.scalar(
        sa.delete(BlockedTerm).where(BlockedTerm.id == term_id).returning(BlockedTerm.term_key)
    )
    if key is None:
        raise NotFound("Blocked term not found.")
    _audit(moderator, "remove_blocked_term", "blocked_term", term_id, key)
    db.session.commit()
    forget_cached_terms()
