"""/api/videos/{id}/bookmark, /api/me/bookmarks and /api/videos/{id}/shares."""

from app.blueprint import Blueprint, viewer
from app.engagement import controllers
from app.engagement.schemas import BookmarkStateSchema, ShareSchema
from app.limits import limit, user_key
from app.videos import queries as videos
from app.videos.schemas import VideoSchema

blp = Blueprint("engagement", __name__, url_prefix="/api", description="Bookmarks and shares")


@blp.route("/videos/<id:video_id>/bookmark", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(201, BookmarkStateSchema)
@blp.alt_response(200, schema=BookmarkStateSchema, description="Already bookmarked")
@blp.errors(404, 429)
def bookmark_video(video_id):
    """Bookmark a video (idempotent: 200 if already bookmarked)

    Signed in. 201 with the new `bookmark_count`, or 200 with the same body when already
    bookmarked. 404 for a video the viewer cannot see. Rate limited (`RATELIMIT_SOCIAL`,
    429).
    """
    created, count = controllers.bookmark_video(viewer=viewer(), video_id=video_id)
    return {"bookmarked": True, "bookmark_count": count}, 201 if created else 200


@blp.route("/videos/<id:video_id>/bookmark", methods=["DELETE"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(200, BookmarkStateSchema)
@blp.errors(404, 429)
def unbookmark_video(video_id):
    """Remove the viewer's bookmark (also 200 when there was none)

    Signed in. 200 with `bookmarked: false` and the `bookmark_count`, also when it was not
    bookmarked. 404 for a video the viewer cannot see.
    """
    count = controllers.unbookmark_video(viewer=viewer(), video_id=video_id)
    return {"bookmarked": False, "bookmark_count": count}


@blp.route("/me/bookmarks", methods=["GET"])
@blp.login_required
@blp.paged(VideoSchema)
def list_bookmarks(args):
    """Your bookmarked videos, most recently bookmarked first (only you see them)

    Signed in. The viewer's bookmarks of videos they can still see, most recently bookmarked
    first. Nobody else can read this list.
    """
    return videos.list_bookmarked_videos(viewer=viewer(), args=args)


@blp.route("/videos/<id:video_id>/shares", methods=["POST"])
@blp.login_optional
@limit("RATELIMIT_SHARE", key_func=user_key)
@blp.arguments(ShareSchema, required=False, example={"channel": "copy_link"})
@blp.response(204)
@blp.errors(400, 404, 413, 422, 429)
def share_video(data, video_id):
    """Count one share of a video (the body and its `channel` are optional)

    Public (signed in or not). Adds one to `share_count` of a video the viewer may see (404
    otherwise); `channel` (0-30 characters, e.g. `copy_link`) says where it was shared. 204.
    Rate limited per viewer, or per IP when anonymous (`RATELIMIT_SHARE`, 429).
    """
    controllers.share_video(viewer=viewer(), video_id=video_id, channel=data.get("channel", ""))
