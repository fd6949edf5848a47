from app.blueprint import viewer
from app.likes import blp, controllers
from app.likes.schemas import LikeStateSchema
from app.limits import limit, user_key
from app.pagination import PageArgs, page_of
from app.schemas import UserSummarySchema


@blp.route("/videos/<id:video_id>/like", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(201, LikeStateSchema)
@blp.alt_response(200, schema=LikeStateSchema, description="Already liked")
@blp.errors(404, 429)
def like(video_id):
    """Like a video (idempotent: 200 if already liked)"""
    created, like_count = controllers.like_video(viewer(), video_id)
    return {"liked": True, "like_count": like_count}, 201 if created else 200


@blp.route("/videos/<id:video_id>/like", methods=["DELETE"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(200, LikeStateSchema)
@blp.errors(404, 429)
def unlike(video_id):
    """Remove the viewer's like (also 200 when there was none)"""
    return {"liked": False, "like_count": controllers.unlike_video(viewer(), video_id)}


@blp.route("/videos/<id:video_id>/likes", methods=["GET"])
@blp.login_optional
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(UserSummarySchema))
@blp.errors(404, 422)
def likers(args, video_id):
    """Who liked a video, most recent like first"""
    return controllers.list_likers(video_id, args)
