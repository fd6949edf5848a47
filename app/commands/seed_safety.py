"""The trust-and-safety part of ``flask seed``: a moderator, private accounts, pending
follow requests, blocks, mutes and open reports, so the moderation queue and the privacy
features have something in them on ``make run``. Small data sets only (the demo preset):
the rows are inserted one statement each, then the block and privacy rules are applied
with the recount (app/counters.py), which also keeps every counter exact."""

import random

import sqlalchemy as sa

from app.counters import fix_drift
from app.models import Block, Comment, Follow, FollowRequest, Mute, Report, User, Video
from app.models.base import utcnow
from app.models.moderation import REASONS
from app.models.user import MODERATOR

MODERATOR_ACCOUNT = ("moderator", "moderator-password-1", "Demo Moderator")
# Accounts beyond the demo logins that this step needs.
MIN_USERS = 12
PRIVATE_ACCOUNTS = 3
REQUESTS = 6
BLOCKS = 3
MUTES = 3
REPORTS = 6


def seed_safety(session, password_hash: str, random_seed: int) -> dict[str, int]:
    """Add the moderator and the safety rows; returns how many of each were made."""
    rng = random.Random(random_seed * 7919 + 12)
    users = session.execute(sa.select(User.id, User.username).order_by(User.id)).all()
    if len(users) < MIN_USERS:
        return {}
    now = utcnow()
    by_name = {row.username.lower(): row.id for row in users}
    demo = {name: by_name[name] for name in ("demo", "alice", "bob") if name in by_name}
    others = [row.id for row in users if row.id not in demo.values()]
    rng.shuffle(others)
    # One seeded account becomes the moderator (the preset's sizes stay as they are).
    username, _, display_name = MODERATOR_ACCOUNT
    session.execute(
        sa.update(User)
        .where(User.id == others.pop())
        .values(
            username=username,
            username_key=username,
            email=f"{username}@example.com",
            email_key=f"{username}@example.com",
            password_hash=password_hash,
            display_name=display_name,
            role=MODERATOR,
        )
    )
    private = others[:PRIVATE_ACCOUNTS] + ([demo["bob"]] if "bob" in demo else [])
    session.execute(sa.update(User).where(User.id.in_(private)).values(is_private=True))
    followed = {tuple(row) for row in session.execute(sa.select(Follow.follower_id, Follow.followee_id))}
    requests: list[tuple[int, int]] = []
    candidates = [user_id for user_id, _ in users]
    while len(requests) < REQUESTS:
        requester, target = rng.choice(candidates), rng.choice(private)
        if (
            requester != target
            and (requester, target) not in followed
            and (requester, target) not in requests
        ):
            requests.append((requester, target))
    session.execute(
        sa.insert(FollowRequest),
        [{"requester_id": r, "target_id": t, "created_at": now} for r, t in requests],
    )
    blocker = demo.get("alice", others[-1])
    muter = demo.get("demo", others[-2])
    # Blocks between accounts that do not follow each other, so the seeded follows stay.
    pool = [
        user_id
        for user_id in others[PRIVATE_ACCOUNTS:]
        if (blocker, user_id) not in followed
        and (user_id, blocker) not in followed
        and user_id not in (blocker, muter)
    ]
    blocked = pool[:BLOCKS]
    muted = pool[BLOCKS : BLOCKS + MUTES]
    session.execute(
        sa.insert(Block), [{"blocker_id": blocker, "blocked_id": b, "created_at": now} for b in blocked]
    )
    session.execute(sa.insert(Mute), [{"muter_id": muter, "muted_id": m, "created_at": now} for m in muted])
    reports = _reports(session, rng, candidates, now)
    # A block ends follows and requests both ways; going through the recount applies that
    # rule and sets every counter to its rows.
    fix_drift(session)
    return {
        "private accounts": len(private),
        "follow requests": len(requests),
        "blocks": len(blocked),
        "mutes": len(muted),
        "open reports": reports,
    }


def _reports(session, rng, reporters, now) -> int:
    videos = session.execute(
        sa.select(Video.id, Video.caption, Video.author_id, User.username)
        .join(User, User.id == Video.author_id)
        .order_by(Video.id)
        .limit(50)
    ).all()
    comments = session.execute(
        sa.select(Comment.id, Comment.body, Comment.author_id, User.username)
        .join(User, User.id == Comment.author_id)
        .order_by(Comment.id)
        .limit(50)
    ).all()
    targets = [("video", row) for row in videos] + [("comment", row) for row in comments]
    if not targets:
        return 0
    rows: list[dict] = []
    seen: set[tuple] = set()
    for _ in range(REPORTS * 3):
        if len(rows) == REPORTS:
            break
        kind, target = rng.choice(targets)
        reporter = rng.choice(reporters)
        if reporter == target.author_id or (reporter, kind, target.id) in seen:
            continue
        seen.add((reporter, kind, target.id))
        rows.append(
            {
                "reporter_id": reporter,
                "target_type": kind,
                "target_id": target.id,
                "target_author_id": target.author_id,
                "snapshot_text": target[1],
                "snapshot_author_username": target.username,
                "reason": rng.choice(REASONS),
                "details": "Seeded report.",
                "status": "open",
                "created_at": now,
            }
        )
    if rows:
        session.execute(sa.insert(Report), rows)
    return len(rows)
