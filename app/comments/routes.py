"""/api/videos/{id}/comments and /api/comments: a video's comments, replies, adding, deleting."""

from app.blueprint import Blueprint, viewer
from app.comments import controllers, queries
from app.comments.schemas import CommentCreateSchema, CommentSchema
from app.limits import limit, limit_writes, user_key

blp = Blueprint("comments", __name__, url_prefix="/api", description="Comments")


@blp.route("/videos/<id:video_id>/comments", methods=["GET"])
@blp.login_optional
@blp.paged(CommentSchema)
@blp.errors(404)
def list_comments(args, video_id):
    """Top-level comments of a video, newest first"""
    return queries.list_comments(viewer=viewer(), video_id=video_id, args=args)


@blp.route("/videos/<id:video_id>/comments", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_COMMENT", key_func=user_key)
@blp.arguments(CommentCreateSchema)
@blp.response(201, CommentSchema)
@blp.errors(400, 404, 413, 422, 429)
def add_comment(data, video_id):
    """Comment on a video, or reply to a top-level comment"""
    return controllers.add_comment(
        viewer=viewer(), video_id=video_id, body=data["body"], parent_id=data["parent_id"]
    )


@blp.route("/comments/<id:comment_id>/replies", methods=["GET"])
@blp.login_optional
@blp.paged(CommentSchema)
@blp.errors(404)
def list_replies(args, comment_id):
    """Replies to a comment, oldest first"""
    return queries.list_replies(viewer=viewer(), comment_id=comment_id, args=args)


@blp.route("/comments/<id:comment_id>", methods=["DELETE"])
@blp.login_required
@blp.response(204)
@blp.errors(403, 404, 429)
@limit_writes
def delete_comment(comment_id):
    """Delete a comment and its replies (its author or the video's owner)"""
    controllers.delete_comment(viewer=viewer(), comment_id=comment_id)
