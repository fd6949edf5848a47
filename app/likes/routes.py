"""/api/videos/{id}/like and /likes: liking, unliking, and who liked a video."""

from app.blueprint import Blueprint, viewer
from app.likes import controllers, queries
from app.likes.schemas import LikeStateSchema
from app.limits import limit, user_key
from app.schemas import UserSummarySchema

blp = Blueprint("likes", __name__, url_prefix="/api", description="Likes")


@blp.route("/videos/<id:video_id>/like", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(201, LikeStateSchema)
@blp.alt_response(200, schema=LikeStateSchema, description="Already liked")
@blp.errors(404, 429)
def like_video(video_id):
    """Like a video (idempotent: 200 if already liked)

    Signed in. 201 with the new `like_count`, or 200 with the same body when the viewer
    already likes it. 404 for a video the viewer
    cannot see. Rate limited (`RATELIMIT_SOCIAL`, 429).
    """
    created, like_count = controllers.like_video(viewer=viewer(), video_id=video_id)
    return {"liked": True, "like_count": like_count}, 201 if created else 200


@blp.route("/videos/<id:video_id>/like", methods=["DELETE"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(200, LikeStateSchema)
@blp.errors(404, 429)
def unlike_video(video_id):
    """Remove the viewer's like (also 200 when there was none)

    Signed in. 200 with `liked: false` and the `like_count`, also when the viewer did not
    like it. 404 for a video the viewer cannot see.
    """
    like_count = controllers.unlike_video(viewer=viewer(), video_id=video_id)
    return {"liked": False, "like_count": like_count}


@blp.route("/videos/<id:video_id>/likes", methods=["GET"])
@blp.login_optional
@blp.paged(UserSummarySchema)
@blp.errors(404)
def list_video_likers(args, video_id):
    """Who liked a video, most recent like first

    Public. The accounts the viewer may see that liked a video the viewer may see (404
    otherwise), most recent like first.
    """
    return queries.list_likers(viewer=viewer(), video_id=video_id, args=args)
