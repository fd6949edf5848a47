"""Where media bytes live: local disk under ``MEDIA_ROOT`` or an S3-compatible bucket.

Everything else calls the module functions ``save``, ``delete_many`` and ``url``, which
go to the backend ``STORAGE_BACKEND`` chose (bound in ``create_app``):

- ``local`` (the default): files under ``MEDIA_ROOT``, served at ``MEDIA_URL`` by the app
  itself in development (with byte ranges) and by nginx in production (deploy/nginx.conf).
  One machine only: two app servers do not share a disk.
- ``s3``: objects in ``S3_BUCKET`` through boto3 (AWS S3, MinIO, SeaweedFS, R2, ...).
  Media are served by the store: from ``MEDIA_BASE_URL`` (a public bucket or a CDN) when
  set, else by presigned GET URLs valid for ``S3_URL_EXPIRES_SECONDS``.

Object storage that cannot be reached is a JSON 503 for the request that needed it
(``StorageUnavailable``); deleting objects after a commit never fails the request (the
leftovers are only logged).
"""

import contextlib
import functools
import hashlib
import logging
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, NamedTuple, Protocol

from flask import Blueprint, Flask, current_app, g, has_request_context, request, send_from_directory

from app.errors import AppError, NotFound, PayloadTooLarge, Unavailable

log = logging.getLogger(__name__)

MIMETYPES = {"mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm", "jpg": "image/jpeg"}
# Private downloads (data exports): stored as attachments, never cached, never media.
DOWNLOAD_TYPES = {"zip": "application/zip"}
CHUNK = 1024 * 1024
# DeleteObjects takes at most this many keys per request.
DELETE_BATCH = 1000


class StorageUnavailable(Unavailable):
    message = "Media storage is unavailable; try again shortly."


class StoredPart(NamedTuple):
    size: int
    etag: str | None  # S3 needs it to assemble; local parts do not


class BadPartSize(AppError):
    code = 400
    message = "The part is not of its declared size."


class Storage(Protocol):
    def save(self, stream: IO[bytes], extension: str, max_bytes: int) -> str:
        """Store ``stream`` under a new key and return it; nothing is left on failure."""

    def delete_many(self, keys: Sequence[str | None]) -> None:
        """Delete these keys (None and missing ones are skipped); never raises. For
        cleaning up what was never published: a failure leaves an orphan for
        ``flask media check --fix``."""

    def purge(self, keys: Sequence[str | None]) -> None:
        """Delete these keys (None and missing ones are skipped), or raise
        StorageUnavailable unless every one is confirmed gone. For media a user deletes:
        they must not stay reachable (a public bucket or CDN) behind a 204."""

    def url(self, key: str) -> str:
        """Where a client fetches the object."""

    def download(self, key: str, target: Path) -> None:
        """Copy the object to the local file ``target`` (for processing)."""

    def put_file(self, source: Path, key: str) -> None:
        """Store the local file ``source`` under ``key``, replacing what was there."""

    def open_object(self, key: str) -> contextlib.AbstractContextManager[IO[bytes]]:
        """The object's bytes as a stream, read in chunks (building exports)."""

    def download_url(self, key: str, expires_in: int, filename: str) -> str | None:
        """A URL that downloads the private object as ``filename`` for ``expires_in``
        seconds (S3: presigned), or None: the API serves it itself (local)."""

    def list_keys(self) -> Iterator[str]:
        """Every stored key (``flask media check``)."""

    def reachable(self) -> bool:
        """Whether the store answers (the health check)."""
        ...

    def read_head(self, key: str, length: int) -> bytes:
        """The first ``length`` bytes of an object (sniffing a completed upload)."""

    # Direct uploads in parts (app/uploads/): on S3 an S3 multipart upload whose parts
    # clients PUT to presigned URLs; locally a folder of part files the API writes.
    def start_parts(self, key: str, content_type: str) -> str | None:
        """Begin an upload in parts of ``key``; the store's id for it (S3), or None."""

    def part_url(
        self, key: str, multipart_id: str | None, number: int, length: int, expires: int
    ) -> str | None:
        """Where a client PUTs part ``number`` itself (S3), or None: through the API."""

    def list_parts(self, upload_id: str, key: str, multipart_id: str | None) -> dict[int, "StoredPart"]:
        """``{part number: StoredPart}`` of the parts received so far."""

    def join_parts(
        self, upload_id: str, key: str, multipart_id: str | None, parts: Mapping[int, "StoredPart"]
    ) -> None:
        """Assemble ``parts`` (as ``list_parts`` gave them, checked complete) into ``key``."""

    def drop_parts(self, upload_id: str, key: str, multipart_id: str | None) -> None:
        """Delete the parts of an upload that will not be completed; never raises."""


def new_key(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


def _read_umask():
    current = os.umask(0)
    os.umask(current)
    return current


# Read once at import: os.umask() changes process state, unsafe under threaded workers.
UMASK = _read_umask()


def copy_limited(stream: IO[bytes], target: IO[bytes], max_bytes: int) -> int:
    """Copy ``stream`` into ``target`` in chunks; 413 past ``max_bytes``."""
    written = 0
    while chunk := stream.read(CHUNK):
        written += len(chunk)
        if written > max_bytes:
            raise PayloadTooLarge(f"The video is larger than {max_bytes} bytes.")
        target.write(chunk)
    return written


class LocalStorage:
    def __init__(self, root: str, url_prefix: str, public_base_url: str):
        self.root = Path(root)
        self.url_prefix = url_prefix.rstrip("/") + "/"
        self.public_base_url = public_base_url.rstrip("/")

    def save(self, stream, extension, max_bytes):
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-", suffix=".part")
        try:
            # mkstemp creates 0600; nginx serves these files as another user in production.
            os.fchmod(fd, 0o644 & ~UMASK)
            with os.fdopen(fd, "wb") as tmp:
                copy_limited(stream, tmp, max_bytes)
            key = new_key(extension)
            os.replace(tmp_name, self.root / key)
            return key
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def delete_many(self, keys):
        with contextlib.suppress(StorageUnavailable):  # logged by purge
            self.purge(keys)

    def purge(self, keys):
        failed = []
        for key in keys:
            if key:
                try:
                    (self.root / key).unlink(missing_ok=True)
                except OSError:
                    log.exception("Could not delete media file %s", key)
                    failed.append(key)
        if failed:
            raise StorageUnavailable()

    def url(self, key):
        return _absolute(self.url_prefix, self.public_base_url) + key

    def reachable(self):
        return os.access(self.root, os.W_OK)

    def download(self, key, target):
        shutil.copyfile(self.root / key, target)

    def read_head(self, key, length):
        with open(self.root / key, "rb") as stream:
            return stream.read(length)

    def _parts(self, upload_id):
        # A dot folder: never served (no "/" in media names) nor listed as an object.
        return self.root / ".parts" / upload_id

    def start_parts(self, key, content_type):
        return None

    def part_url(self, key, multipart_id, number, length, expires):
        return None

    def put_part(self, upload_id: str, number: int, stream: IO[bytes], length: int) -> str:
        """Write part ``number`` from ``stream``: exactly ``length`` bytes, else
        BadPartSize and nothing kept. Returns its ETag (the MD5 of its bytes, as S3's)."""
        folder = self._parts(upload_id)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".part-")
        digest = hashlib.md5(usedforsecurity=False)
        try:
            with os.fdopen(fd, "wb") as tmp:
                written = 0
                while chunk := stream.read(CHUNK):
                    written += len(chunk)
                    if written > length:
                        break
                    digest.update(chunk)
                    tmp.write(chunk)
            if written != length:
                raise BadPartSize(f"Part {number} must be exactly {length} bytes.")
            os.replace(tmp_name, folder / str(number))
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        return f'"{digest.hexdigest()}"'

    def list_parts(self, upload_id, key, multipart_id):
        folder = self._parts(upload_id)
        if not folder.is_dir():
            return {}
        return {int(p.name): StoredPart(p.stat().st_size, None) for p in folder.iterdir() if p.name.isdigit()}

    def join_parts(self, upload_id, key, multipart_id, parts):
        folder = self._parts(upload_id)
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-", suffix=".part")
        try:
            os.fchmod(fd, 0o644 & ~UMASK)
            with os.fdopen(fd, "wb") as target:
                for number in sorted(parts):
                    with open(folder / str(number), "rb") as part:
                        shutil.copyfileobj(part, target, CHUNK)
            os.replace(tmp_name, self.root / key)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        self.drop_parts(upload_id, key, multipart_id)

    def drop_parts(self, upload_id, key, multipart_id):
        folder = self._parts(upload_id)
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):  # the last upload in parts leaves no folder behind
            folder.parent.rmdir()

    def list_keys(self):
        if self.root.is_dir():
            # Dot files are uploads and copies still being written (see save, put_file).
            yield from sorted(
                p.name for p in self.root.iterdir() if p.is_file() and not p.name.startswith(".")
            )

    def put_file(self, source, key):
        (self.root / key).parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".put-", suffix=".part")
        try:
            os.fchmod(fd, 0o644 & ~UMASK)
            with os.fdopen(fd, "wb") as tmp, open(source, "rb") as stream:
                shutil.copyfileobj(stream, tmp, CHUNK)
            os.replace(tmp_name, self.root / key)  # atomic: a reader sees the old or the new file
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def open_object(self, key):
        return open(self.root / key, "rb")  # noqa: SIM115 (the caller's context manager)

    def download_url(self, key, expires_in, filename):
        return None


class S3Storage:
    """An S3-compatible bucket. The boto3 client is thread-safe and made once per app."""

    def __init__(self, client, bucket: str, base_url: str | None, url_expires: int):
        self.client = client
        self.bucket = bucket
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.url_expires = url_expires

    def save(self, stream, extension, max_bytes):
        key = new_key(extension)
        # Spooled to a temporary file first, so the size limit is enforced before a byte
        # reaches the bucket and a refused upload leaves nothing there.
        with tempfile.TemporaryFile() as spool:
            copy_limited(stream, spool, max_bytes)
            spool.seek(0)
            try:
                self.client.upload_fileobj(
                    spool, self.bucket, key, ExtraArgs={"ContentType": MIMETYPES[extension]}
                )
            except _storage_errors() as error:
                log.warning("Object storage unavailable on upload: %s", error)
                self.delete_many([key])  # a multipart upload may have half-landed
                raise StorageUnavailable() from None
        return key

    def delete_many(self, keys):
        with contextlib.suppress(StorageUnavailable):  # logged by purge
            self.purge(keys)

    def purge(self, keys):
        wanted = [key for key in keys if key]
        failed = False
        # In batches: an account with hundreds of videos has more keys than one request takes.
        for start in range(0, len(wanted), DELETE_BATCH):
            objects = [{"Key": key} for key in wanted[start : start + DELETE_BATCH]]
            try:
                result = self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": objects, "Quiet": True}
                )
            except _storage_errors() as error:
                log.warning("Could not delete media objects %s: %s", [o["Key"] for o in objects], error)
                failed = True
                continue
            for problem in result.get("Errors", []):
                log.error("Could not delete media object %s: %s", problem.get("Key"), problem.get("Message"))
                failed = True
        if failed:
            raise StorageUnavailable()

    def reachable(self):
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except _storage_errors():
            return False
        return True

    def read_head(self, key, length):
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{length - 1}")
            return response["Body"].read()
        except _storage_errors() as error:
            raise StorageUnavailable(f"Could not read {key}: {error}") from None

    def start_parts(self, key, content_type):
        try:
            return self.client.create_multipart_upload(Bucket=self.bucket, Key=key, ContentType=content_type)[
                "UploadId"
            ]
        except _storage_errors() as error:
            log.warning("Object storage unavailable: %s", error)
            raise StorageUnavailable() from None

    def part_url(self, key, multipart_id, number, length, expires):
        # The length is signed too: a store that checks it refuses a part of another size.
        params = {
            "Bucket": self.bucket,
            "Key": key,
            "UploadId": multipart_id,
            "PartNumber": number,
            "ContentLength": length,
        }
        return self.client.generate_presigned_url("upload_part", Params=params, ExpiresIn=expires)

    def list_parts(self, upload_id, key, multipart_id):
        parts = {}
        try:
            pages = self.client.get_paginator("list_parts").paginate(
                Bucket=self.bucket, Key=key, UploadId=multipart_id
            )
            for page in pages:
                for part in page.get("Parts", []):
                    parts[part["PartNumber"]] = StoredPart(part["Size"], part["ETag"])
        except _storage_errors() as error:
            log.warning("Object storage unavailable: %s", error)
            raise StorageUnavailable() from None
        return parts

    def join_parts(self, upload_id, key, multipart_id, parts):
        # The ETags come from the ListParts the caller checked the parts with: no second one.
        listed = [{"PartNumber": number, "ETag": parts[number].etag} for number in sorted(parts)]
        try:
            self.client.complete_multipart_upload(
                Bucket=self.bucket, Key=key, UploadId=multipart_id, MultipartUpload={"Parts": listed}
            )
        except _storage_errors() as error:
            log.warning("Object storage unavailable: %s", error)
            raise StorageUnavailable() from None

    def drop_parts(self, upload_id, key, multipart_id):
        try:
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=multipart_id)
        except _storage_errors():
            log.exception("Could not abort the multipart upload of %s", key)

    def list_keys(self):
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
                for item in page.get("Contents", []):
                    yield item["Key"]
        except _storage_errors() as error:
            raise StorageUnavailable(f"Could not list the bucket: {error}") from None

    def download(self, key, target):
        try:
            self.client.download_file(self.bucket, key, str(target))
        except _storage_errors() as error:
            raise StorageUnavailable(f"Could not read {key}: {error}") from None

    def put_file(self, source, key):
        extension = key.rsplit(".", 1)[-1]
        if extension in DOWNLOAD_TYPES:
            extra = {
                "ContentType": DOWNLOAD_TYPES[extension],
                "ContentDisposition": "attachment",
                "CacheControl": "private, no-store",
            }
        else:
            extra = {"ContentType": MIMETYPES[extension]}
        try:
            # boto3 sends a large file in parts read from disk; at most 4 parts of 8 MiB
            # in flight, so a large archive costs at most 32 MiB of buffers.
            self.client.upload_file(str(source), self.bucket, key, ExtraArgs=extra, Config=_transfer_config())
        except _storage_errors() as error:
            raise StorageUnavailable(f"Could not store {key}: {error}") from None

    @contextlib.contextmanager
    def open_object(self, key):
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        except _storage_errors() as error:
            raise StorageUnavailable(f"Could not read {key}: {error}") from None
        try:
            yield body
        finally:
            body.close()

    def download_url(self, key, expires_in, filename):
        params = {
            "Bucket": self.bucket,
            "Key": key,
            "ResponseContentDisposition": f'attachment; filename="{filename}"',
            "ResponseCacheControl": "private, no-store",
        }
        # SigV4 presigned URLs live at most 7 days.
        return self.client.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=max(1, min(expires_in, 7 * 24 * 3600))
        )

    def url(self, key):
        if self.base_url:
            return self.base_url + key
        # Presigning costs about as much Python as the rest of a list row, so each URL is
        # made once per half-lifetime and reused: every URL handed out stays valid for at
        # least half of S3_URL_EXPIRES_SECONDS, longer than any page view.
        half_life = max(self.url_expires // 2, 1)
        return self._presigned(key, int(time.time()) // half_life)

    @functools.lru_cache(maxsize=65536)  # noqa: B019 (one instance per app, kept for its life)
    def _presigned(self, key, _period):
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=self.url_expires
        )


def _absolute(prefix: str, public_base_url: str) -> str:
    """``prefix`` as an absolute URL (API.md: every URL the server produces is): as it is
    when it already is one, else on PUBLIC_BASE_URL, else on the request's own origin
    (behind nginx, ProxyFix makes that the public one). Worked out once per request."""
    if prefix.startswith(("http://", "https://")):
        return prefix
    if public_base_url:
        return public_base_url + prefix
    if not has_request_context():
        return prefix  # a command or a worker: there is no origin to use
    if "media_url_prefix" not in g:
        g.media_url_prefix = request.host_url.rstrip("/") + prefix
    return g.media_url_prefix


@functools.cache
def _transfer_config():
    from boto3.s3.transfer import TransferConfig

    return TransferConfig(max_concurrency=4, multipart_chunksize=8 * 1024 * 1024)


def _storage_errors():
    from botocore.exceptions import BotoCoreError, ClientError

    return (BotoCoreError, ClientError)


def s3_client(config):
    """A boto3 client for the configured store: path-style addressing and SigV4 (what every
    S3-compatible store accepts), short timeouts so an outage is a quick 503."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=config["S3_ENDPOINT_URL"] or None,
        aws_access_key_id=config["S3_ACCESS_KEY_ID"] or None,
        aws_secret_access_key=config["S3_SECRET_ACCESS_KEY"] or None,
        region_name=config["S3_REGION"],
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            connect_timeout=config["S3_CONNECT_TIMEOUT"],
            read_timeout=config["S3_READ_TIMEOUT"],
            retries={"max_attempts": 2, "mode": "standard"},
        ),
    )


def init_app(app: Flask) -> None:
    config = app.config
    backend: Storage
    if config["STORAGE_BACKEND"] == "s3":
        backend = S3Storage(
            s3_client(config), config["S3_BUCKET"], config["MEDIA_BASE_URL"], config["S3_URL_EXPIRES_SECONDS"]
        )
    elif config["STORAGE_BACKEND"] == "local":
        backend = LocalStorage(config["MEDIA_ROOT"], config["MEDIA_URL"], config["PUBLIC_BASE_URL"])
    else:
        raise RuntimeError(f"Unknown STORAGE_BACKEND {config['STORAGE_BACKEND']!r}; use local or s3")
    app.extensions["storage"] = backend
    if config["SERVE_MEDIA"] and config["STORAGE_BACKEND"] == "local":
        app.register_blueprint(media_blueprint, url_prefix=config["MEDIA_URL"])


def backend() -> Storage:
    return current_app.extensions["storage"]


def reachable() -> bool:
    return backend().reachable()


def save(stream: IO[bytes], extension: str, max_bytes: int) -> str:
    return backend().save(stream, extension, max_bytes)


def delete_many(keys: Sequence[str | None]) -> None:
    backend().delete_many(keys)


def purge(keys: Sequence[str | None]) -> None:
    backend().purge(keys)


def url(key: str) -> str:
    return backend().url(key)


def download(key: str, target: Path) -> None:
    backend().download(key, target)


def put_file(source: Path, key: str) -> None:
    backend().put_file(source, key)


def open_object(key: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    return backend().open_object(key)


media_blueprint = Blueprint("media", __name__)


@media_blueprint.route("/<path:name>")
def serve(name):
    """Development media server: byte ranges, an explicit video type, nosniff."""
    extension = name.rsplit(".", 1)[-1]
    if "/" in name or extension not in MIMETYPES:
        raise NotFound("No such media file.")
    response = send_from_directory(
        current_app.config["MEDIA_ROOT"], name, mimetype=MIMETYPES[extension], conditional=True, max_age=86400
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
_MEDIA = {
    mimetype: {"schema": {"type": "string", "format": "binary"}}
    for mimetype in dict.fromkeys(MIMETYPES.values())
}
_FILE_HEADERS = {
    name: {"description": description, "schema": {"type": "string"}}
    for name, description in (
        ("Accept-Ranges", "`bytes`: a Range request is answered."),
        ("ETag", "The file's version, for If-None-Match."),
        ("Cache-Control", "`public, max-age=86400`."),
    )
}


def document_media_route(spec, rule) -> None:
    """The development media server in the OpenAPI document, when it is served (local
    storage with SERVE_MEDIA): what `video_url` and `thumbnail_url` point to."""
    spec.tag({"name": "media", "description": "Media files (local storage, development)"})
    range_header = {
        "description": "`bytes=START-END`, `bytes=START-` or `bytes=-LENGTH`.",
        "schema": {"type": "string"},
    }
    get = {
        "tags": ["media"],
        "operationId": "getMediaFile",
        "summary": "A stored video or thumbnail (the development media server)",
        "description": (
            "Public. Where `video_url` and `thumbnail_url` point with local storage, when the API"
            " serves MEDIA_URL itself (SERVE_MEDIA, on in development; nginx or object storage"
            " serves media in production, and then this route does not exist). Not called"
            " through a client's methods: use the URLs as they are. MP4, QuickTime, WebM or"
            " JPEG, with `X-Content-Type-Options: nosniff`. A `Range` request is a 206 with"
            " `Content-Range`; a range beyond the file is a 416 (`Content-Range: bytes */SIZE`)."
            " 304 for a matching If-None-Match or If-Modified-Since; 404 for any other name."
        ),
        "security": [],
        "parameters": [{"in": "header", "name": "Range", "required": False, **range_header}],
        "responses": {
            "200": {"description": "The whole file", "headers": _FILE_HEADERS, "content": _MEDIA},
            "206": {
                "description": "The requested range",
                "headers": {
                    **_FILE_HEADERS,
                    "Content-Range": {"description": "`bytes START-END/SIZE`.", "schema": {"type": "string"}},
                },
                "content": _MEDIA,
            },
            "304": {"description": "Not modified since the version the client has"},
            "404": {"description": "No such media file", "content": _ERROR},
            "416": {
                "description": "The range is beyond the file",
                "headers": {
                    "Content-Range": {"description": "`bytes */SIZE`.", "schema": {"type": "string"}}
                },
                "content": _ERROR,
            },
            "500": {
                "description": "Unexpected error (a fault of the server, logged with the request id)",
                "content": _ERROR,
            },
        },
    }
    spec.path(
        rule=rule,
        operations={"get": get},
        parameters=[{"in": "path", "name": "name", "description": "The stored file's name, as in the URL."}],
    )
