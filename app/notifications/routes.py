"""/api/notifications: the inbox, the unread count, marking read."""

from app.blueprint import Blueprint, viewer
from app.limits import limit_writes
from app.notifications import controllers, queries
from app.notifications.schemas import (
    MarkReadSchema,
    NotificationListArgs,
    NotificationSchema,
    UnreadCountSchema,
)

# Reading your inbox is not posting: no verified email needed (REQUIRE_VERIFIED_EMAIL).
blp = Blueprint(
    "notifications", __name__, url_prefix="/api", description="Notifications", verified_writes=False
)


@blp.route("/notifications", methods=["GET"])
@blp.login_required
@blp.paged(NotificationSchema, args=NotificationListArgs)
def list_notifications(args):
    """Your notifications, newest first (`unread=true`: the unread ones only)

    Signed in. The viewer's own notifications, newest first: likes, comments, replies,
    mentions, follows and follow requests, processing results, moderation outcomes. Nothing
    arrives from blocked or muted accounts.
    """
    return queries.list_notifications(viewer=viewer(), args=args)


@blp.route("/notifications/unread-count", methods=["GET"])
@blp.login_required
@blp.response(200, UnreadCountSchema)
def get_unread_count():
    """How many of your notifications are unread (at most 99)

    Signed in. `count` stops at 99: show it as "99+".
    """
    return {"count": queries.unread_count(viewer=viewer())}


@blp.route("/notifications/read", methods=["POST"])
@blp.login_required
@blp.arguments(MarkReadSchema, required=False, example={"ids": [41, 42]})
@blp.response(204)
@blp.errors(400, 413, 422, 429)
@limit_writes
def mark_notifications_read(data):
    """Mark notifications read: those of `ids`, or without a body all of yours

    Signed in. With `ids`, those of the viewer's notifications are marked read (ids of
    others' are ignored); without a body, every one of them. 204.
    """
    controllers.mark_read(viewer=viewer(), ids=data.get("ids"))
