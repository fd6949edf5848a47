"""/api/me/export: the account's data as a ZIP archive (GDPR article 20)."""

import contextlib

from flask import send_file

from app.blueprint import Blueprint, viewer
from app.exports import controllers
from app.exports.schemas import ArchiveArgs, ExportSchema
from app.limits import limit, user_key

blp = Blueprint(
    "exports",
    __name__,
    url_prefix="/api",
    description="Data exports (accounts and data rights)",
    verified_writes=False,
)

# Export responses carry a signed URL to private data: never cached.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
PENDING_EXAMPLE = {
    "status": "pending",
    "url": None,
    "expires_at": None,
    "created_at": "2026-12-01T12:00:00+00:00",
}
READY_EXAMPLE = {
    "status": "ready",
    "url": "https://api.example.com/api/exports/0f3c.../archive?token=...",
    "expires_at": "2026-12-08T12:01:30+00:00",
    "created_at": "2026-12-01T12:00:00+00:00",
}


@blp.route("/me/export", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_EXPORT", key_func=user_key)
@blp.response(202, ExportSchema, example=PENDING_EXAMPLE)
@blp.errors(429)
@blp.doc(operationId="requestExport")
def request_export():
    """Ask for an archive of your data

    The archive is built in the background; poll `GET /api/me/export` until `status` is
    `ready`. It is a ZIP of `profile.json`, `videos.json`, `comments.json`, `likes.json`,
    `follows.json`, `bookmarks.json` and the original files of your uploads (`videos/`).
    While one is pending, asking again answers that one. One a day (`RATELIMIT_EXPORT`);
    a new export replaces the previous archive.
    """
    return controllers.request_export(viewer=viewer())._asdict(), NO_STORE


@blp.route("/me/export", methods=["GET"])
@blp.login_required
@blp.response(200, ExportSchema, example=READY_EXAMPLE)
@blp.errors(404)
@blp.doc(operationId="getExport")
def get_export():
    """Your latest export, with its download URL once ready

    `url` is absolute, signed and expires at `expires_at` (`EXPORT_EXPIRES_DAYS`, 7 days
    after it was built), when the archive is deleted. 404 if none was asked for, or it
    expired.
    """
    return controllers.get_export(viewer=viewer())._asdict(), NO_STORE


@blp.route("/exports/<export_id>/archive", methods=["GET"])
@blp.arguments(ArchiveArgs, location="query")
@blp.doc(security=[], operationId="downloadExport")
@blp.response(
    200,
    description="The ZIP archive",
    content_type="application/zip",
    headers={"Content-Disposition": {"schema": {"type": "string"}}},
)
@blp.errors(403, 404, 422)
def download_archive(args, export_id):
    """Download an export archive (local storage; the URL comes from `GET /api/me/export`)

    The URL is signed and expires with the export; it needs no Authorization header.
    """
    opened, filename = controllers.open_archive(export_id=export_id, token=args["token"])
    stack = contextlib.ExitStack()
    stream = stack.enter_context(opened)
    response = send_file(stream, mimetype="application/zip", as_attachment=True, download_name=filename)
    response.call_on_close(stack.close)
    response.headers.update({**NO_STORE, "X-Content-Type-Options": "nosniff"})
    return response
