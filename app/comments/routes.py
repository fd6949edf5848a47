"""/api/videos/{id}/comments and /api/comments: a video's comments, replies, adding, deleting."""

from app.blueprint import Blueprint, viewer
from app.comments import controllers, queries
from app.comments.schemas import CommentCreateSchema, CommentLikeStateSchema, CommentSchema
from app.limits import limit, limit_writes, user_key

blp = Blueprint("comments", __name__, url_prefix="/api", description="Comments")


@blp.route("/videos/<id:video_id>/comments", methods=["GET"])
@blp.login_optional
@blp.paged(CommentSchema)
@blp.errors(404)
def list_comments(args, video_id):
    """Top-level comments of a video: the pinned one first, then newest first

    Public. The comments the viewer may see of a video the viewer may see (404 otherwise).
    The pinned comment comes first on the first page and is not repeated later; replies are
    read with `GET /api/comments/{comment_id}/replies`.
    """
    return queries.list_comments(viewer=viewer(), video_id=video_id, args=args)


@blp.route("/videos/<id:video_id>/comments", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_COMMENT", key_func=user_key)
@blp.arguments(CommentCreateSchema, example={"body": "Where is this stall? 😍", "parent_id": None})
@blp.response(201, CommentSchema)
@blp.errors(400, 404, 413, 422, 429)
def add_comment(data, video_id):
    """Comment on a video, or reply to a top-level comment

    Signed in, on a video the viewer may see (404 otherwise). `body` is 1-150 characters;
    `parent_id` makes it a reply, and must be a top-level comment of the same video (422
    otherwise). A body with a blocked term is a 422. `@username` mentions notify those
    users. Rate limited (`RATELIMIT_COMMENT`, 429).
    """
    return controllers.add_comment(
        viewer=viewer(), video_id=video_id, body=data["body"], parent_id=data["parent_id"]
    )


@blp.route("/comments/<id:comment_id>/replies", methods=["GET"])
@blp.login_optional
@blp.paged(CommentSchema)
@blp.errors(404)
def list_replies(args, comment_id):
    """Replies to a comment, oldest first

    Public. The replies the viewer may see to a comment the viewer may see (404 otherwise),
    oldest first.
    """
    return queries.list_replies(viewer=viewer(), comment_id=comment_id, args=args)


@blp.route("/comments/<id:comment_id>", methods=["GET"])
@blp.login_optional
@blp.response(200, CommentSchema)
@blp.errors(404)
def get_comment(comment_id):
    """One comment

    Public. A comment the viewer may see, on a video the viewer may see; anything else is a
    404.
    """
    return queries.find_comment(viewer=viewer(), comment_id=comment_id)


@blp.route("/comments/<id:comment_id>/like", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(201, CommentLikeStateSchema)
@blp.alt_response(200, schema=CommentLikeStateSchema, description="Already liked")
@blp.errors(404, 429)
def like_comment(comment_id):
    """Like a comment (idempotent: 200 if already liked)

    Signed in. 201 with the new `like_count`, or 200 with the same body when already liked.
    404 for a comment the viewer cannot see. Rate limited (`RATELIMIT_SOCIAL`, 429).
    """
    created, like_count = controllers.like_comment(viewer=viewer(), comment_id=comment_id)
    return {"liked": True, "like_count": like_count}, 201 if created else 200


@blp.route("/comments/<id:comment_id>/like", methods=["DELETE"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(200, CommentLikeStateSchema)
@blp.errors(404, 429)
def unlike_comment(comment_id):
    """Remove the viewer's like of a comment (also 200 when there was none)

    Signed in. 200 with `liked: false` and the `like_count`, also when the viewer did not
    like it. 404 for a comment the viewer cannot see.
    """
    like_count = controllers.unlike_comment(viewer=viewer(), comment_id=comment_id)
    return {"liked": False, "like_count": like_count}


@blp.route("/comments/<id:comment_id>/pin", methods=["POST"])
@blp.login_required
@blp.response(200, CommentSchema)
@blp.errors(403, 404, 422, 429)
@limit_writes
def pin_comment(comment_id):
    """Pin a top-level comment of your video (the comment pinned before is unpinned)

    Signed in, the video's owner only (403 for anyone else). Only a top-level comment can be
    pinned (a reply is a 422). A video has at most one pinned comment: pinning another
    unpins it. Answers the comment with `pinned: true`.
    """
    return controllers.pin_comment(viewer=viewer(), comment_id=comment_id)


@blp.route("/comments/<id:comment_id>/pin", methods=["DELETE"])
@blp.login_required
@blp.response(200, CommentSchema)
@blp.errors(403, 404, 429)
@limit_writes
def unpin_comment(comment_id):
    """Unpin a comment of your video

    Signed in, the video's owner only (403 for anyone else). Answers the comment with
    `pinned: false`, also when it was not pinned.
    """
    return controllers.unpin_comment(viewer=viewer(), comment_id=comment_id)


@blp.route("/comments/<id:comment_id>", methods=["DELETE"])
@blp.login_required
@blp.response(204)
@blp.errors(403, 404, 429)
@limit_writes
def delete_comment(comment_id):
    """Delete a comment and its replies (its author or the video's owner)

    Signed in: the comment's author or the video's owner (403 for anyone else). Its replies
    are deleted with it and `comment_count` drops by all of them; 204.
    """
    controllers.delete_comment(viewer=viewer(), comment_id=comment_id)
