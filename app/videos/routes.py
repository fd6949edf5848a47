"""/api/videos: publishing, the lists and feeds, one video, edits, deletion and views."""

from flask import current_app, request

from app.blueprint import Blueprint, load, viewer
from app.errors import AppError, Invalid
from app.limits import limit, limit_writes, user_key
from app.parsing import multipart_error
from app.videos import controllers, feeds, queries
from app.videos.schemas import (
    VideoLinkSchema,
    VideoListArgs,
    VideoSchema,
    VideoUpdateSchema,
    VideoUploadDocSchema,
    VideoUploadSchema,
)

blp = Blueprint("videos", __name__, url_prefix="/api", description="Videos")

# Multipart overhead on top of the file itself (boundaries, part headers, caption).
UPLOAD_OVERHEAD = 256 * 1024


@blp.before_request
def allow_large_uploads():
    # The app-wide body limit stays small; only the upload endpoint may exceed it.
    if request.endpoint == "videos.create_video":
        request.max_content_length = current_app.config["VIDEO_MAX_BYTES"] + UPLOAD_OVERHEAD


@blp.route("/videos", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_UPLOAD", key_func=user_key)
@blp.doc(
    requestBody={
        "required": True,
        "content": {
            "multipart/form-data": {"schema": VideoUploadDocSchema},
            "application/json": {
                "schema": VideoLinkSchema,
                "example": {
                    "video_url": "https://videos.example.com/clips/sunset.mp4",
                    "caption": "Sunset over the harbour #sunset",
                    "visibility": "public",
                },
            },
        },
    }
)
@blp.response(201, VideoSchema)
@blp.errors(400, 413, 415, 422, 429)
def create_video():
    """Publish a video: upload a file, or link one by URL

    `multipart/form-data` with `file` (MP4, MOV or WebM, recognised by its bytes) and an
    optional `caption` and `visibility`; or JSON `{video_url, caption, visibility}` (the URL
    is stored, never fetched). A caption with a blocked term is a 422.
    """
    if request.mimetype == "multipart/form-data":
        malformed = multipart_error()
        if malformed:
            raise AppError(f"The multipart body is malformed ({malformed}).")
        form = load(VideoUploadSchema(), request.form, "form")
        uploads = request.files.getlist("file")
        if not uploads:
            raise Invalid.field("files", "file", "Missing data for required field.")
        if len(uploads) > 1:
            raise Invalid.field("files", "file", "Send exactly one file.")
        upload = uploads[0]
        extra = set(request.files) - {"file"}
        if extra:
            raise Invalid(errors={"files": {name: ["Unknown field."] for name in extra}})
        return controllers.create_uploaded_video(
            viewer=viewer(),
            upload=upload,
            caption=form["caption"],
            visibility=form["visibility"],
            max_bytes=current_app.config["VIDEO_MAX_BYTES"],
        )
    if not request.is_json:
        raise AppError("Send multipart/form-data with a file, or JSON with a video_url.")
    data = load(VideoLinkSchema(), request.get_json(), "json")
    return controllers.create_linked_video(
        viewer=viewer(), video_url=data["video_url"], caption=data["caption"], visibility=data["visibility"]
    )


@blp.route("/videos", methods=["GET"])
@blp.login_optional
@blp.paged(VideoSchema, args=VideoListArgs)
def list_videos(args):
    """Newest videos, optionally by author, hashtag or caption words

    Public (a token fills `liked_by_me` and the other viewer fields). Ready videos visible
    to the viewer, newest first: `author` (a username), `hashtag` (with or without `#`) and
    `q` (whole words, every one in the caption, without regard to case) narrow the list and
    may be combined. Without `author`, videos of accounts the viewer mutes are left out. An unknown author or
    tag gives an empty page.
    """
    return queries.list_videos(viewer=viewer(), args=args)


@blp.route("/videos/for-you", methods=["GET"])
@blp.login_optional
@blp.paged(VideoSchema)
def get_for_you_feed(args):
    """Videos ranked by engagement with time decay, personalised when signed in

    See the README ("Ranking") for the formula.
    """
    return feeds.for_you_feed(viewer=viewer(), args=args)


@blp.route("/videos/following", methods=["GET"])
@blp.login_required
@blp.paged(VideoSchema)
def get_following_feed(args):
    """Newest videos by the accounts the viewer follows

    Signed in. Ready videos of the accounts the viewer follows that the viewer may see,
    newest first; muted accounts are left out.
    """
    return feeds.following_feed(viewer=viewer(), args=args)


@blp.route("/videos/<id:video_id>", methods=["GET"])
@blp.login_optional
@blp.response(200, VideoSchema)
@blp.errors(404)
def get_video(video_id):
    """One video

    Public. A video the viewer may see; its author also sees it while `processing`, `failed`
    or `removed`. Anything else is a 404, as if it did not exist.
    """
    return queries.get_video(viewer=viewer(), video_id=video_id)


@blp.route("/videos/<id:video_id>", methods=["PATCH"])
@blp.login_required
@blp.arguments(
    VideoUpdateSchema, example={"caption": "Night market dumplings #streetfood", "visibility": "followers"}
)
@blp.response(200, VideoSchema)
@blp.errors(400, 403, 404, 413, 422, 429)
@limit_writes
def update_video(data, video_id):
    """Edit the caption (hashtags follow it), the visibility, or both

    Signed in, the author only (403 for anyone else, 404 when the viewer cannot see it).
    Send `caption`, `visibility` or both (an empty body is a 422); a caption with a blocked
    term is a 422. Answers the updated video.
    """
    return controllers.update_video(viewer=viewer(), video_id=video_id, **data)


@blp.route("/videos/<id:video_id>", methods=["DELETE"])
@blp.login_required
@blp.response(204)
@blp.errors(403, 404)
def delete_video(video_id):
    """Delete a video with its likes, comments and file

    Signed in, the author only (403 for anyone else). Its likes, comments, bookmarks and
    notifications go with it, and its stored files are deleted; 204.
    """
    controllers.delete_video(viewer=viewer(), video_id=video_id)


@blp.route("/videos/<id:video_id>/views", methods=["POST"])
@blp.login_optional
@limit("RATELIMIT_VIEW", key_func=user_key)
@blp.response(204)
@blp.errors(404, 429)
def record_view(video_id):
    """Count one view (of a video the viewer may see)

    Public (signed in or not). Adds one to `view_count` of a video the viewer may see (404
    otherwise); 204. Rate limited per viewer (`RATELIMIT_VIEW`, 429).
    """
    controllers.record_view(viewer=viewer(), video_id=video_id)
