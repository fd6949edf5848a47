"""/api/uploads: direct, resumable uploads in parts, completed into a video."""

from flask import current_app, request

from app.blueprint import Blueprint, viewer
from app.limits import limit, user_key
from app.models.video import PUBLIC
from app.uploads import controllers
from app.uploads.schemas import PartUrlArgs, UploadCompleteSchema, UploadCreateSchema, UploadSchema
from app.videos.schemas import VideoSchema

blp = Blueprint("uploads", __name__, url_prefix="/api", description="Direct, resumable uploads")


@blp.before_request
def allow_part_bodies():
    # The app-wide body limit stays small; a part may be as large as a part is (one byte
    # more and it is a 400, as every part of the wrong size; far more is a 413 unread).
    if request.endpoint == "uploads.put_upload_part":
        request.max_content_length = 2 * current_app.config["UPLOAD_PART_BYTES"]


@blp.route("/uploads", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_UPLOAD", key_func=user_key)
@blp.arguments(UploadCreateSchema, example={"size": 5242880, "content_type": "video/mp4"})
@blp.response(201, UploadSchema)
@blp.errors(400, 413, 422, 429)
def create_upload(data):
    """Start a direct upload

    Answers the parts to send: PUT each part's bytes to its `url` (in any order, in
    parallel, again after a failure), then complete the upload. On object storage the
    URLs are the store's own (presigned); the bytes never pass through the API.
    """
    return controllers.create_upload(viewer=viewer(), size=data["size"], content_type=data["content_type"])


@blp.route("/uploads/<upload_id>", methods=["GET"])
@blp.login_required
@blp.response(200, UploadSchema)
@blp.errors(404)
def get_upload(upload_id):
    """An upload, with the parts received so far (the owner's only)

    Signed in, the owner only (someone else's upload is a 404). `received_parts` lists the
    part numbers stored so far: resume by sending the others.
    """
    return controllers.get_upload(viewer=viewer(), upload_id=upload_id)


@blp.route("/uploads/<upload_id>/parts/<int:number>", methods=["PUT"])
@blp.arguments(PartUrlArgs, location="query")
@blp.doc(
    security=[],
    requestBody={
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    },
)
@blp.response(200, description="The part is stored", headers={"ETag": {"schema": {"type": "string"}}})
@blp.errors(400, 403, 404, 409, 413, 422)
def put_upload_part(args, upload_id, number):
    """Send one part's bytes (local storage; the URL comes from the upload)

    Exactly the part's `size`, else a 400 and nothing is kept.
    """
    etag = controllers.receive_part(
        upload_id=upload_id,
        number=number,
        token=args["token"],
        declared_length=request.content_length,
        stream=lambda: request.stream,
    )
    return "", 200, {"ETag": etag}


@blp.route("/uploads/<upload_id>/complete", methods=["POST"])
@blp.login_required
@blp.arguments(UploadCompleteSchema, required=False, example={"caption": "Sunset #beach"})
@blp.response(201, VideoSchema)
@blp.errors(400, 404, 409, 413, 415, 422)
def complete_upload(data, upload_id):
    """Complete an upload into a video

    Every part must have arrived, each of its size. The file is recognised by its bytes,
    like `POST /api/videos`, and then processed (`status` is usually still `processing`).
    """
    return controllers.complete_upload(
        viewer=viewer(),
        upload_id=upload_id,
        caption=data.get("caption", ""),
        visibility=data.get("visibility", PUBLIC),
    )


@blp.route("/uploads/<upload_id>", methods=["DELETE"])
@blp.login_required
@blp.response(204)
@blp.errors(404, 409)
def abort_upload(upload_id):
    """Abort an upload; its parts are deleted

    Signed in, the owner only (404 otherwise). The stored parts are deleted and the upload
    is `aborted`; 204. A completed upload is a 409 (delete its video instead).
    """
    controllers.abort_upload(viewer=viewer(), upload_id=upload_id)
