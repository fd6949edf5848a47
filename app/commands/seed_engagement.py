"""The engagement rows of ``flask seed``, derived in SQL from the loaded likes, comments
and follows (same seed, same rows): bookmarks, shares, comment likes, a pinned comment per
video with comments, the tag links' times, and the demo accounts' notifications. Every
counter they feed is set from its rows, so ``flask recount --check`` agrees."""

import sqlalchemy as sa

from app.sql import AnySession

# Portable SQL (PostgreSQL and SQLite). A like becomes a bookmark or a share for about one
# pair in BOOKMARK_EVERY / SHARE_EVERY: deterministic, spread over users and videos.
BOOKMARK_EVERY, SHARE_EVERY, COMMENT_LIKE_EVERY = 5, 9, 3

STATEMENTS = [
    # Tag links carry their video's time (trending reads them by time).
    """UPDATE video_hashtags SET created_at =
         (SELECT videos.created_at FROM videos WHERE videos.id = video_hashtags.video_id)""",
    f"""INSERT INTO bookmarks (user_id, video_id, created_at)
        SELECT user_id, video_id, created_at FROM likes WHERE (user_id + video_id) % {BOOKMARK_EVERY} = 0""",
    f"""INSERT INTO shares (video_id, user_id, channel, created_at)
        SELECT video_id, user_id, 'copy_link', created_at FROM likes
        WHERE (user_id * 7 + video_id) % {SHARE_EVERY} = 0""",
    # The video's author likes a third of the comments others left on it.
    f"""INSERT INTO comment_likes (user_id, comment_id, created_at)
        SELECT videos.author_id, comments.id, comments.created_at
        FROM comments JOIN videos ON videos.id = comments.video_id
        WHERE comments.author_id <> videos.author_id AND comments.id % {COMMENT_LIKE_EVERY} = 0""",
    # The author pins the first comment of each video it liked, if any.
    """UPDATE comments SET pinned = TRUE WHERE id IN (
         SELECT MIN(comment_likes.comment_id) FROM comment_likes
         JOIN comments c ON c.id = comment_likes.comment_id
         WHERE c.parent_id IS NULL GROUP BY c.video_id)""",
    """UPDATE videos SET bookmark_count =
         (SELECT COUNT(*) FROM bookmarks WHERE bookmarks.video_id = videos.id)
       WHERE id IN (SELECT video_id FROM bookmarks)""",
    """UPDATE videos SET share_count = (SELECT COUNT(*) FROM shares WHERE shares.video_id = videos.id)
       WHERE id IN (SELECT video_id FROM shares)""",
    """UPDATE comments SET like_count =
         (SELECT COUNT(*) FROM comment_likes WHERE comment_likes.comment_id = comments.id)
       WHERE id IN (SELECT comment_id FROM comment_likes)""",
]

# The demo accounts' inboxes: who liked, commented on and followed them (their last 200 of
# each), the newest unread.
NOTIFICATIONS = [
    """INSERT INTO notifications (recipient_id, type, actor_id, video_id, comment_id, cause, created_at)
       SELECT videos.author_id, 'like', likes.user_id, likes.video_id, NULL,
              'like:' || likes.user_id || ':' || likes.video_id || ':', likes.created_at
       FROM likes JOIN videos ON videos.id = likes.video_id
       WHERE videos.author_id = :recipient AND likes.user_id <> :recipient
       ORDER BY likes.created_at DESC LIMIT 200""",
    """INSERT INTO notifications (recipient_id, type, actor_id, video_id, comment_id, cause, created_at)
       SELECT videos.author_id, 'comment', comments.author_id, comments.video_id, comments.id,
              'comment:' || comments.author_id || ':' || comments.video_id || ':' || comments.id,
              comments.created_at
       FROM comments JOIN videos ON videos.id = comments.video_id
       WHERE videos.author_id = :recipient AND comments.author_id <> :recipient
       ORDER BY comments.created_at DESC LIMIT 200""",
    """INSERT INTO notifications (recipient_id, type, actor_id, video_id, comment_id, cause, created_at)
       SELECT follows.followee_id, 'follow', follows.follower_id, NULL, NULL,
              'follow:' || follows.follower_id || '::', follows.created_at
       FROM follows WHERE follows.followee_id = :recipient
       ORDER BY follows.created_at DESC LIMIT 200""",
    # All but the 15 newest are read.
    """UPDATE notifications SET read_at = created_at
       WHERE recipient_id = :recipient AND id NOT IN (
         SELECT id FROM notifications WHERE recipient_id = :recipient
         ORDER BY created_at DESC, id DESC LIMIT 15)""",
]


def seed_engagement(session: AnySession, demo_usernames: list[str]) -> None:
    for statement in STATEMENTS:
        session.execute(sa.text(statement))
    recipients = session.scalars(
        sa.text("SELECT id FROM users WHERE username_key IN :names").bindparams(
            sa.bindparam("names", expanding=True)
        ),
        {"names": [name.lower() for name in demo_usernames]},
    )
    for recipient in list(recipients):
        for statement in NOTIFICATIONS:
            session.execute(sa.text(statement), {"recipient": recipient})
