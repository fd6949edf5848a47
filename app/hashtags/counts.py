"""Each hashtag's stored ``video_count``, kept exact in the transactions that change it.

A tag counts the videos of ``counted_rule``: public, ready, by a public account that is not
suspended. Every video carries ``tag_counted``, whether its tags count it now, so a change
moves the counts by the difference only: one video's tags by one, or an account's tags by
how many of its videos changed. Reading a tag's count (its page, trending) is then one row
per tag, whatever the size of the tables (it was 8.8 s for trending at a million videos).

Whoever changes what the rule reads calls ``recount_tags`` after the change, in the same
transaction: tag links (a caption), a video's status or visibility, an account's privacy
or suspension; ``uncount_tags`` goes before a video or an account is deleted, and before
a caption's links are replaced. ``find_drift`` (app/counters.py) checks both stored
values against the rule.

Locks follow LOCK ORDER (app/counters.py): the videos first (FOR UPDATE), then their
authors' rows (FOR SHARE, so a concurrent privacy or suspension change either commits
before and is seen, or waits), then the hashtags in id order. A change to an account
locks its videos (``lock_videos_of``) before its own row.
"""

from collections.abc import Iterable
from typing import Any, cast

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models import Hashtag, User, Video, VideoHashtag
from app.models.video import PUBLIC, READY
from app.sql import AnySession


def counted_rule(video: Any = Video, author: Any = User) -> sa.ColumnElement[bool]:
    """The videos a hashtag counts. A suspension counts until it is lifted, or until the
    sweep clears it once it has ended (``clear_ended_suspensions``): the rule reads rows,
    never the clock, so a stored count can always be checked against it."""
    return sa.and_(
        video.status == READY,
        video.visibility == PUBLIC,
        ~author.is_private,
        author.suspended_until.is_(None),
    )


def lock_videos_of(session: AnySession, author_id: int) -> None:
    """Lock an account's videos before its own row is changed (LOCK ORDER)."""
    session.execute(
        sa.select(Video.id).where(Video.author_id == author_id).order_by(Video.id).with_for_update()
    )


def recount_tags(
    session: AnySession, *, video_ids: Iterable[int] | None = None, author_id: int | None = None
) -> None:
    """Bring ``tag_counted`` of these videos (or of every video of ``author_id``) to what
    ``counted_rule`` says now, and their tags' ``video_count`` with it."""
    _move(session, _chosen(video_ids, author_id), leaving=False)


def uncount_tags(
    session: AnySession, *, video_ids: Iterable[int] | None = None, author_id: int | None = None
) -> None:
    """Take these videos (or every video of ``author_id``) out of their tags' counts, before
    they are deleted or their tags replaced."""
    _move(session, _chosen(video_ids, author_id), leaving=True)


def _chosen(video_ids: Iterable[int] | None, author_id: int | None) -> sa.ColumnElement[bool]:
    if author_id is not None:
        return Video.author_id == author_id
    return Video.id.in_(sorted(set(video_ids or ())))


def _move(session: AnySession, chosen: sa.ColumnElement[bool], *, leaving: bool) -> None:
    authors = session.scalars(
        sa.select(Video.author_id).where(chosen).order_by(Video.id).with_for_update()
    ).all()
    if not authors:
        return
    # FOR NO KEY UPDATE, as every counter writer: a weaker lock here would have to be
    # upgraded by the video count and like count updates of the same transaction.
    session.execute(
        sa.select(User.id).where(User.id.in_(set(authors))).order_by(User.id).with_for_update(key_share=True)
    )
    # A later statement than the locks: it sees whatever committed while they waited.
    should = sa.false() if leaving else counted_rule()
    flips = session.execute(
        sa.select(Video.id, should.label("counted"))
        .join(User, User.id == Video.author_id)
        .where(chosen, Video.tag_counted != should)
    ).all()
    if not flips:
        return
    now_counted = [row.id for row in flips if row.counted]
    delta = sa.case((VideoHashtag.video_id.in_(now_counted), 1), else_=-1) if now_counted else sa.literal(-1)
    deltas = session.execute(
        sa.select(VideoHashtag.hashtag_id, sa.func.sum(delta).label("delta"))
        .where(VideoHashtag.video_id.in_([row.id for row in flips]))
        .group_by(VideoHashtag.hashtag_id)
        .order_by(VideoHashtag.hashtag_id)
    ).all()
    pending = session.info.setdefault(PENDING_DELTAS, {})
    for row in deltas:
        pending[row.hashtag_id] = pending.get(row.hashtag_id, 0) + int(row.delta)
    for counted in (True, False):
        ids = [row.id for row in flips if bool(row.counted) is counted]
        if ids:
            session.execute(
                sa.update(Video).where(Video.id.in_(ids)).values(tag_counted=counted),
                execution_options={"synchronize_session": False},
            )


def counted_now() -> sa.ScalarSelect:
    """Per video row: does the rule count it in its tags now?"""
    author = so.aliased(User)
    return sa.select(counted_rule(Video, author)).where(author.id == Video.author_id).scalar_subquery()


def tag_videos() -> sa.ScalarSelect:
    """Per hashtag row: how many of its videos the rule counts now."""
    video, author = so.aliased(Video), so.aliased(User)
    return (
        sa.select(sa.func.count())
        .select_from(VideoHashtag)
        .join(video, video.id == VideoHashtag.video_id)
        .join(author, author.id == video.author_id)
        .where(VideoHashtag.hashtag_id == Hashtag.id, counted_rule(video, author))
        .scalar_subquery()
    )


def recount_every_tag(session: AnySession) -> None:
    """Set every ``tag_counted`` and ``video_count`` from the rule, in two set-based passes
    (``flask seed`` after its bulk load, which writes the rows directly; ``flask recount
    --fix`` uses the same two expressions)."""
    for column, actual in ((Video.tag_counted, counted_now()), (Hashtag.video_count, tag_videos())):
        session.execute(
            sa.update(column.class_).where(column != actual).values({column.key: actual}),
            execution_options={"synchronize_session": False},
        )


# --- settled at commit -----------------------------------------------------------------
#
# A transaction's changes to hashtag rows (count deltas, deletions of unused tags) are
# kept in the session and made just before it commits, in tag id order: the last locks
# it takes. Made as they arose, two edits moving videos between the same two tags in
# opposite directions locked them in opposite orders and deadlocked
# (tests/test_concurrency.py). A tag to prune that another transaction has locked (it is
# linking or counting it) is skipped, not waited for; the sweep prunes what was skipped.

PENDING_DELTAS, PENDING_PRUNES = "hashtag_deltas", "hashtag_prunes"


def prune_later(session: AnySession, tag_ids: Iterable[int]) -> None:
    """Delete those of these tags that no video uses any more, when the transaction
    commits, so edits and deletions leave no unused tag behind. The rows are locked
    first and the use is checked by a later statement: a video being linked to one
    meanwhile (its foreign key check holds a share lock on the tag) keeps it."""
    session.info.setdefault(PENDING_PRUNES, set()).update(tag_ids)


@sa.event.listens_for(so.Session, "before_commit")
def _settle(session: so.Session) -> None:
    deltas = session.info.pop(PENDING_DELTAS, {})
    prunes = session.info.pop(PENDING_PRUNES, set())
    changes = [{"tag_id": tag_id, "delta": delta} for tag_id, delta in sorted(deltas.items()) if delta]
    if changes:
        session.connection().execute(_ADD_TO_TAG, changes)
    if prunes:
        locked = session.scalars(
            sa.select(Hashtag.id)
            .where(Hashtag.id.in_(sorted(prunes)))
            .order_by(Hashtag.id)
            .with_for_update(skip_locked=True)
        ).all()
        if locked:
            session.execute(sa.delete(Hashtag).where(Hashtag.id.in_(locked), ~_IN_USE))


@sa.event.listens_for(so.Session, "after_soft_rollback")
def _forget(session: so.Session, *_args: Any) -> None:
    session.info.pop(PENDING_DELTAS, None)
    session.info.pop(PENDING_PRUNES, None)


# A transaction starts with nothing pending, however the previous one ended.
sa.event.listen(so.Session, "after_begin", _forget)


_IN_USE = sa.select(VideoHashtag.video_id).where(VideoHashtag.hashtag_id == Hashtag.id).exists()


def prune_unused(session: AnySession) -> int:
    """Delete every tag no video uses (the sweep: what a commit skipped)."""
    result = session.execute(sa.delete(Hashtag).where(~_IN_USE))
    return cast(Any, result).rowcount or 0


_TAGS = cast(sa.Table, Hashtag.__table__)
_ADD_TO_TAG = (
    sa.update(_TAGS)
    .where(_TAGS.c.id == sa.bindparam("tag_id", type_=sa.BigInteger))
    .values(video_count=_TAGS.c.video_count + sa.bindparam("delta", type_=sa.Integer))
)


def clear_ended_suspensions(session: AnySession) -> int:
    """Clear the suspensions that have ended, counting their accounts' videos again; the
    sweep runs this (SWEEP_SECONDS), and so does ``flask recount``. Returns how many."""
    ended = session.scalars(
        sa.select(User.id).where(User.suspended_until <= sa.func.now()).order_by(User.id)
    ).all()
    for user_id in ended:
        lock_videos_of(session, user_id)
        session.execute(
            sa.update(User)
            .where(User.id == user_id, User.suspended_until <= sa.func.now())
            .values(suspended_until=None, suspension_reason=None)
        )
        recount_tags(session, author_id=user_id)
    return len(ended)
