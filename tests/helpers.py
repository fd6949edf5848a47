"""The helpers of the test suite: accounts and tokens, the shapes responses must have, the
sample media, requests that build data (videos, likes, follows, comments), lists read page
by page, and requests raced in threads.

Test modules and conftest.py files import helpers from here only, never from one another.
Fixtures (the app, clients, ``register``, ``alice``, ``drift``, ...) stay in conftest.py.
"""

import threading
from datetime import datetime
from io import BytesIO
from pathlib import Path

from flask.testing import FlaskClient

# --- accounts and tokens -------------------------------------------------------------

PASSWORD = "correct horse 42"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


class Account(dict):
    """A registered user: the register response plus helpers."""

    @property
    def headers(self):
        return bearer(self["access_token"])

    @property
    def id(self):
        return self["user"]["id"]

    @property
    def username(self):
        return self["user"]["username"]


class ClosingClient(FlaskClient):
    """A test client that reads each answer whole and closes it, as a WSGI server does, so
    work deferred until the answer is sent (``enqueue(..., after_response=True)``: the
    account mails, without a task queue) has run when a request returns."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


def register_many(register, prefix, n):
    """``n`` accounts through the ``register`` fixture: prefix00, prefix01, ..."""
    return [register(f"{prefix}{i:02d}") for i in range(n)]


# --- shapes ----------------------------------------------------------------------------

ERROR_KEYS = {"code", "status", "message"}
SUMMARY_KEYS = {"id", "username", "display_name", "avatar_url"}
USER_KEYS = SUMMARY_KEYS | {
    "bio",
    "created_at",
    "followers_count",
    "following_count",
    "video_count",
    "like_count",
    "is_following",
    # v2: privacy, blocks and mutes
    "is_private",
    "follows_you",
    "is_blocking",
    "is_muting",
    "follow_requested",
}
ME_KEYS = USER_KEYS | {"email", "email_verified", "role", "accepted_terms_version"}
VIDEO_KEYS = {
    # v2: processing
    "status",
    "duration",
    "width",
    "height",
    "thumbnail_url",
    "processing_error",
    # v2: safety
    "visibility",
    "id",
    "author",
    "caption",
    "hashtags",
    "video_url",
    "like_count",
    "comment_count",
    "view_count",
    "created_at",
    "updated_at",
    "liked_by_me",
    # v2: engagement
    "share_count",
    "bookmark_count",
    "bookmarked_by_me",
    "is_following_author",
}
COMMENT_KEYS = {
    "id",
    "video_id",
    "author",
    "body",
    "parent_id",
    "reply_count",
    "created_at",
    # v2: engagement
    "like_count",
    "liked_by_me",
    "pinned",
}
PAGE_KEYS = {"items", "next_cursor"}
# An id no test creates: "not found".
MISSING_ID = 987654321
# What an error body must never show.
LEAKS = ("Traceback", "sqlalchemy", "psycopg2", "RuntimeError", 'File "')


def assert_error(response, code, field=None):
    """The contract's error shape; with ``field``, a validation error on that JSON field."""
    assert response.status_code == code, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert ERROR_KEYS <= set(body) <= ERROR_KEYS | {"errors"}
    assert body["code"] == code
    assert isinstance(body["status"], str) and body["status"]
    assert isinstance(body["message"], str) and body["message"]
    if field is not None:
        assert field in body["errors"]["json"], body
    return body


def assert_invalid(response, field, location="json"):
    """A 422 in the error shape, naming ``field`` among the errors of ``location``."""
    body = assert_error(response, 422)
    assert field in body["errors"][location], body
    return body


def assert_iso_utc(value):
    assert isinstance(value, str)
    assert value.endswith("+00:00") or value.endswith("Z"), value
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert parsed.utcoffset().total_seconds() == 0


def no_private_fields(value):
    """True when no key anywhere in ``value`` looks private (email, password, token, hash)."""
    if isinstance(value, dict):
        for key, item in value.items():
            lowered = key.lower()
            if "email" in lowered or "password" in lowered or "token" in lowered:
                return False
            if lowered.endswith("_hash") or lowered in {"hash", "jti", "token_version"}:
                return False
            if not no_private_fields(item):
                return False
    elif isinstance(value, list):
        return all(no_private_fields(item) for item in value)
    return True


# --- sample media (tests/fixtures) -----------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
MP4 = (FIXTURES / "tiny.mp4").read_bytes()
WEBM = (FIXTURES / "tiny.webm").read_bytes()
PNG = (FIXTURES / "not_a_video.png").read_bytes()


def mp4_of_size(size):
    """An MP4 (valid ftyp header) padded to exactly ``size`` bytes."""
    assert size > len(MP4)
    return MP4 + b"\x00" * (size - len(MP4))


def media_files(tmp_media):
    """Every entry of MEDIA_ROOT, temporary upload parts included."""
    return sorted(path.name for path in tmp_media.iterdir())


def stored_files(name):
    """What an upload stored as ``name`` leaves in MEDIA_ROOT once processed: the original
    (kept for export), its playable rendition and its thumbnail."""
    from app.videos.tasks import derived_keys

    return sorted([name, *derived_keys(name)])


def media_path(url):
    """The stored file name a local media URL (``http://localhost/media/<name>``) serves."""
    assert url.startswith("http://localhost/media/"), url
    return url.removeprefix("http://localhost/media/")


def media_name(video):
    """The stored file name of an uploaded video, from its URL."""
    return media_path(video["video_url"])


# --- videos ----------------------------------------------------------------------------

VIDEO_URL = "https://cdn.example.com/v.mp4"
# The link (with the caption "a video") of the videos of test_likes.py, test_comments.py,
# test_users.py and of the counter tests of test_videos.py and test_auth.py.
CLIP_URL = "https://cdn.example.com/clip.mp4"


def link(client, account, caption="", url=VIDEO_URL):
    """POST /api/videos with a link (201 asserted); the new video."""
    response = client.post(
        "/api/videos", json={"video_url": url, "caption": caption}, headers=account.headers
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def post_video(client, account, caption="", url=VIDEO_URL):
    """``link()``, but only the new video's id."""
    return link(client, account, caption, url)["id"]


def upload(client, account, content, filename="clip.mp4", mimetype="video/mp4", caption=None):
    """POST /api/videos with a file; the response, whatever its status."""
    data = {"file": (BytesIO(content), filename, mimetype)}
    if caption is not None:
        data["caption"] = caption
    return client.post("/api/videos", data=data, content_type="multipart/form-data", headers=account.headers)


def get_video(client, video_id, account=None):
    response = client.get(f"/api/videos/{video_id}", headers=account.headers if account else {})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --- users, likes, follows, comments -----------------------------------------------------


def get_user(client, username, account=None):
    response = client.get(f"/api/users/{username}", headers=account.headers if account else {})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def usernames(items):
    return [item["username"] for item in items]


# like, unlike, follow, unfollow: the response, whatever its status.
def like(client, account, video_id):
    return client.post(f"/api/videos/{video_id}/like", headers=account.headers)


def unlike(client, account, video_id):
    return client.delete(f"/api/videos/{video_id}/like", headers=account.headers)


def follow(client, account, username):
    return client.post(f"/api/users/{username}/follow", headers=account.headers)


def unfollow(client, account, username):
    return client.delete(f"/api/users/{username}/follow", headers=account.headers)


# like_ok, unlike_ok, follow_ok: the same requests, with their success asserted.
def like_ok(client, account, video_id):
    assert like(client, account, video_id).status_code in (200, 201)


def unlike_ok(client, account, video_id):
    assert unlike(client, account, video_id).status_code == 200


def follow_ok(client, account, username):
    assert follow(client, account, username).status_code in (200, 201)


def comment(client, account, video_id, body="nice", parent_id=None, expect=201):
    """POST a comment (a reply with ``parent_id``), assert the ``expect``-ed status; the body."""
    payload = {"body": body}
    if parent_id is not None:
        payload["parent_id"] = parent_id
    response = client.post(f"/api/videos/{video_id}/comments", json=payload, headers=account.headers)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def comment_count(client, video_id):
    return get_video(client, video_id)["comment_count"]


# --- lists -------------------------------------------------------------------------------


def page(client, path, account=None, headers=None, **query):
    """One page of a list (200 and the page's two keys asserted). The viewer is ``account``
    or, as given, ``headers``; neither is anonymous."""
    if account is not None:
        headers = account.headers
    response = client.get(path, query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == PAGE_KEYS
    return body


def ids(client, path, account=None, headers=None, **params):
    """The ids of a whole list in one page of 100."""
    body = page(client, path, account, headers=headers, limit=100, **params)
    assert body["next_cursor"] is None
    return [video["id"] for video in body["items"]]


def walk_items(client, url, account=None, limit=2):
    """Every item of a list, page by page; also checks that pages are never longer than ``limit``."""
    items, cursor = [], None
    for _ in range(100):
        query = {"limit": limit}
        if cursor:
            query["cursor"] = cursor
        body = page(client, url, account, **query)
        assert len(body["items"]) <= limit
        items.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination never ended")


def walk_ids(client, path, headers=None, limit=2, between=None, **params):
    """Every id of a list, page by page; ``between(n)`` runs after page n (0-based). Stricter
    than ``walk_items``: every page but the last is full and carries a cursor."""
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": limit, **params}
        if cursor is not None:
            query["cursor"] = cursor
        body = page(client, path, headers=headers, **query)
        assert len(body["items"]) <= limit
        seen += [video["id"] for video in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return seen
        assert isinstance(cursor, str) and cursor
        assert len(body["items"]) == limit  # only the last page may be short
        if between is not None:
            between(pages)
        pages += 1
        assert pages < 200, "the walk never ends"


def all_items(client, url):
    """Every item of a list, anonymously, in pages of 100; no check on the pages but 200."""
    items, cursor = [], None
    while True:
        query = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        response = client.get(url, query_string=query)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        items.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return items


# --- races ---------------------------------------------------------------------------------


def run_together(app, calls, timeout=30):
    """Run each ``call(client)`` in its own thread with its own test client, all released
    at once; return their results in order. An exception in any thread fails the test."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    failures = []

    def worker(index, call):
        client = app.test_client()
        try:
            barrier.wait(timeout=timeout)
            results[index] = call(client)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert not failures, failures
    return results


# like_call, ...: a ``call(client)`` for run_together, returning the request's status code.
def like_call(account, video_id):
    return lambda client: client.post(f"/api/videos/{video_id}/like", headers=account.headers).status_code


def unlike_call(account, video_id):
    return lambda client: client.delete(f"/api/videos/{video_id}/like", headers=account.headers).status_code


def follow_call(account, username):
    return lambda client: client.post(f"/api/users/{username}/follow", headers=account.headers).status_code


def bookmark_call(account, video_id):
    return lambda client: client.post(f"/api/videos/{video_id}/bookmark", headers=account.headers).status_code


def unbookmark_call(account, video_id):
    return lambda client: (
        client.delete(f"/api/videos/{video_id}/bookmark", headers=account.headers).status_code
    )


def share_call(account, video_id):
    return lambda client: (
        client.post(
            f"/api/videos/{video_id}/shares", json={"channel": "race"}, headers=account.headers
        ).status_code
    )


def comment_like_call(account, comment_id):
    return lambda client: client.post(f"/api/comments/{comment_id}/like", headers=account.headers).status_code


def comment_unlike_call(account, comment_id):
    return lambda client: (
        client.delete(f"/api/comments/{comment_id}/like", headers=account.headers).status_code
    )


def unfollow_call(account, username):
    return lambda client: client.delete(f"/api/users/{username}/follow", headers=account.headers).status_code


# --- rate limits -------------------------------------------------------------------------


def limit_of(app, key):
    """The number of requests a configured limit allows ("30/minute" -> 30)."""
    return int(app.config[key].split("/")[0].split()[-1])


# --- trust and safety ------------------------------------------------------------------------

REPORT_KEYS = {"id", "target", "reason", "details", "status", "action", "created_at", "resolved_at"}
MOD_REPORT_KEYS = REPORT_KEYS | {"reporter", "target_snapshot", "resolved_by", "note"}


# block, unblock, mute, unmute: the response, whatever its status.
def block(client, account, username):
    return client.post(f"/api/users/{username}/block", headers=account.headers)


def unblock(client, account, username):
    return client.delete(f"/api/users/{username}/block", headers=account.headers)


def mute(client, account, username):
    return client.post(f"/api/users/{username}/mute", headers=account.headers)


def unmute(client, account, username):
    return client.delete(f"/api/users/{username}/mute", headers=account.headers)


def make_private(client, account, private=True):
    response = client.patch("/api/auth/me", json={"is_private": private}, headers=account.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def set_visibility(client, account, video_id, visibility):
    response = client.patch(
        f"/api/videos/{video_id}", json={"visibility": visibility}, headers=account.headers
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def set_role(app, username, role):
    """``flask users set-role USERNAME ROLE`` through the CLI runner."""
    result = app.test_cli_runner().invoke(args=["users", "set-role", username, role])
    assert result.exit_code == 0, result.output
    return result


def report(client, account, target, reason="spam", **extra):
    return client.post(
        "/api/reports", json={"target": target, "reason": reason, **extra}, headers=account.headers
    )


def block_call(account, username):
    return lambda client: client.post(f"/api/users/{username}/block", headers=account.headers).status_code


def approve_call(account, username):
    return lambda client: (
        client.post(f"/api/me/follow-requests/{username}", headers=account.headers).status_code
    )
