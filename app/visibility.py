"""Who may see what (API.md, "Visibility"): one rule, written once, used by every query.

Visible to a viewer means: not removed by a moderator, its author not suspended, neither
user blocking the other, and allowed by the video's ``visibility`` and the author's
privacy. Every list, feed, search, by-id read and write (like, comment, follow, report;
bookmarks and notifications later) filters with the conditions below, so nothing visible
is forgotten in one place and enforced in another.

Each condition is SQL over the entities a statement already selects (a video and its
author's row, a comment and its author's, a user), with the viewer as the bound
parameter ``viewer_id``: statements stay built once. Blocks, mutes and follows are
checked as one-row probes of their primary keys (``app.sql.has_row``), never as lists of
ids: a page costs the same for a viewer with no blocks and one with thousands.
"""

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import g, has_request_context

from app.models import Block, Comment, Follow, FollowRequest, Like, Mute, User, Video
from app.models.video import PRIVATE, PUBLIC, READY
from app.sql import constant, has_row, lacks_row

# The viewer of a statement, a bound parameter of every statement built once (None when
# anonymous; anonymous statements never mention it).
VIEWER_ID = sa.bindparam("viewer_id", type_=Like.user_id.type)

# Entities a condition applies to: the mapped class or an alias of it.
Entity = Any


def viewer_params(viewer: User | None) -> dict[str, int | None]:
    """The bound parameters of the conditions below for ``viewer``."""
    return {"viewer_id": None if viewer is None else viewer.id}


# --- viewers with no blocks or mutes -------------------------------------------------------
#
# Most viewers block nobody, are blocked by nobody and mute nobody; for them the block and
# mute probes of every row are always true. The token's own statement (app/security.py)
# reads whether the viewer has any, three index probes per request, and the lists then
# use statements built without those probes: half of a signed-in feed row's probes
# (bench/OPTIMISATIONS.md). Any block or mute, either way, selects the full rule.

SHIELD_FLAG = "viewer_shielded"


def shield_exists(user_id: Any) -> sa.ColumnElement[bool]:
    """Does the user block anyone, is anyone blocking them, or do they mute anyone?"""
    # EXISTS, not has_row: these match many rows, and the token's statement is one row.
    blocking, blocked, muting = so.aliased(Block), so.aliased(Block), so.aliased(Mute)
    return sa.or_(
        sa.exists().where(blocking.blocker_id == user_id),
        sa.exists().where(blocked.blocked_id == user_id),
        sa.exists().where(muting.muter_id == user_id),
    )


def remember_shield(user: User, shielded: bool) -> None:
    """Record, for this request, what ``shield_exists`` said for the token's user."""
    setattr(g, SHIELD_FLAG, (user.id, shielded))


def is_shielded(viewer: User | None) -> bool:
    """Must the viewer's statements carry the block and mute probes? True unless this
    request read that the viewer has none (when unsure, the full rule)."""
    if viewer is None:
        return False
    if not has_request_context():
        return True
    return g.get(SHIELD_FLAG) != (viewer.id, False)


# --- relations between two users, as key probes ------------------------------------------


def follows(follower_id: Any, followee_id: Any) -> sa.ColumnElement[bool]:
    """Does ``follower_id`` follow ``followee_id``? (aliased: never correlates with a
    Follow the statement itself joins)."""
    row = so.aliased(Follow)
    return has_row(row.follower_id == follower_id, row.followee_id == followee_id)


def blocks(blocker_id: Any, blocked_id: Any) -> sa.ColumnElement[bool]:
    row = so.aliased(Block)
    return has_row(row.blocker_id == blocker_id, row.blocked_id == blocked_id)


def mutes(muter_id: Any, muted_id: Any) -> sa.ColumnElement[bool]:
    row = so.aliased(Mute)
    return has_row(row.muter_id == muter_id, row.muted_id == muted_id)


# The negations, for filters: spelled with lacks_row (app/sql.py), never as ``~blocks()``
# or ``~or_(...)``, which PostgreSQL estimates to keep almost no rows (and then plans a
# page of a feed as a sort of the whole table).


def not_blocked_either_way(a: Any, b: Any) -> sa.ColumnElement[bool]:
    """No block between the two users, in either direction (two primary-key probes)."""
    one, other = so.aliased(Block), so.aliased(Block)
    return sa.and_(
        lacks_row(one.blocker_id == a, one.blocked_id == b),
        lacks_row(other.blocker_id == b, other.blocked_id == a),
    )


def not_blocking(blocker_id: Any, blocked_id: Any) -> sa.ColumnElement[bool]:
    row = so.aliased(Block)
    return lacks_row(row.blocker_id == blocker_id, row.blocked_id == blocked_id)


def not_muting(muter_id: Any, muted_id: Any) -> sa.ColumnElement[bool]:
    row = so.aliased(Mute)
    return lacks_row(row.muter_id == muter_id, row.muted_id == muted_id)


def requested(requester_id: Any, target_id: Any) -> sa.ColumnElement[bool]:
    row = so.aliased(FollowRequest)
    return has_row(row.requester_id == requester_id, row.target_id == target_id)


def not_suspended(user: Entity = User) -> sa.ColumnElement[bool]:
    """No suspension, or one that has ended (a suspension with an end lifts by itself)."""
    return sa.or_(user.suspended_until.is_(None), user.suspended_until <= sa.func.now())


# --- the rule for each kind of thing -------------------------------------------------------


def user_visible(user: Entity = User, *, signed_in: bool) -> sa.ColumnElement[bool]:
    """An account in a list (followers, likers, search): not suspended, and for a signed-in
    viewer not blocked either way (the viewer always sees themselves)."""
    if not signed_in:
        return not_suspended(user)
    return sa.and_(
        not_suspended(user), sa.or_(user.id == VIEWER_ID, not_blocked_either_way(VIEWER_ID, user.id))
    )


def profile_visible(user: Entity = User, *, signed_in: bool) -> sa.ColumnElement[bool]:
    """A profile by name: as ``user_visible``, except that a blocker still sees the profile
    of the account they block (API.md, "A block")."""
    if not signed_in:
        return not_suspended(user)
    return sa.and_(not_suspended(user), sa.or_(user.id == VIEWER_ID, not_blocking(user.id, VIEWER_ID)))


def content_open(user: Entity = User) -> sa.ColumnElement[bool]:
    """May a signed-in viewer page through this account's videos and likes? A private
    account's are for itself and its followers only (403 for anyone else)."""
    return sa.or_(~user.is_private, user.id == VIEWER_ID, follows(VIEWER_ID, user.id))


def video_visible(
    video: Entity = Video,
    author: Entity = User,
    *,
    signed_in: bool,
    include_own: bool = False,
    muted_hidden: bool = False,
    shielded: bool = True,
) -> sa.ColumnElement[bool]:
    """A video, given the statement's video and author entities.

    Others' videos: ready, author not suspended, no block either way, and the audience
    allows it (``public`` of a public account: everyone; ``followers``, or ``public`` of a
    private account: the author's followers; ``private``: nobody else). The viewer's own
    ready videos are always visible, and with ``include_own`` (by id, their own list) in
    every status. ``muted_hidden``: the feeds also leave out muted accounts.
    ``shielded=False`` (a viewer with no blocks or mutes, ``is_shielded``) leaves out the
    block and mute probes, which are always true for them.
    """
    listed = video.status == constant(READY)
    for_everyone = sa.and_(video.visibility == constant(PUBLIC), ~author.is_private)
    if not signed_in:
        return sa.and_(listed, not_suspended(author), for_everyone)
    own = video.author_id == VIEWER_ID
    # The viewer's own ready videos pass every test but the audience (nobody blocks, mutes
    # or follows themselves, and a suspended viewer is refused before any query), so
    # "own" is one more audience: the rule stays one AND, and PostgreSQL runs each probe
    # once per row instead of copying an OR's branches into two filters.
    visible = [
        listed,
        not_suspended(author),
        sa.or_(
            for_everyone,
            own,
            sa.and_(video.visibility != constant(PRIVATE), follows(VIEWER_ID, video.author_id)),
        ),
    ]
    if shielded:
        visible.insert(2, not_blocked_either_way(VIEWER_ID, video.author_id))
    if muted_hidden and shielded:
        visible.append(not_muting(VIEWER_ID, video.author_id))
    if include_own:  # by id and in their own list: their videos in every status
        return sa.or_(own, sa.and_(*visible))
    return sa.and_(*visible)


def comment_visible(
    comment: Entity = Comment, author: Entity = User, *, signed_in: bool, shielded: bool = True
) -> sa.ColumnElement[bool]:
    """A comment, given its author's row (its video is checked with ``video_visible``): not
    removed, author not suspended, no block either way; its author always sees it.
    ``shielded=False``: as in ``video_visible``."""
    shown = sa.and_(comment.removed_at.is_(None), not_suspended(author))
    if not signed_in:
        return shown
    if not shielded:
        return sa.or_(comment.author_id == VIEWER_ID, shown)
    return sa.or_(
        comment.author_id == VIEWER_ID, sa.and_(shown, not_blocked_either_way(VIEWER_ID, comment.author_id))
    )


def relation_flags(user: Entity = User) -> list[sa.ColumnElement[bool]]:
    """The viewer-specific flags of a User (signed-in statements only), labelled as the
    schema names them. ``is_following`` and ``follows_you`` are never true for oneself."""
    return [
        follows(VIEWER_ID, user.id).label("is_following"),
        follows(user.id, VIEWER_ID).label("follows_you"),
        blocks(VIEWER_ID, user.id).label("is_blocking"),
        mutes(VIEWER_ID, user.id).label("is_muting"),
        requested(VIEWER_ID, user.id).label("follow_requested"),
    ]


RELATION_FLAGS = ("is_following", "follows_you", "is_blocking", "is_muting", "follow_requested")
