"""The generated Python client against a live server (`make clients-check` runs it)::

    PYTHONPATH=clients/python/shortvideo-client SHORTVIDEO_API_URL=http://127.0.0.1:5000 \\
        .cache/clients-venv/bin/python clients/python/smoke.py

The same flow as clients/typescript/smoke.ts: two new accounts; one logs in and publishes a
video (a real MP4, multipart) and two linked ones; the author's list is walked one item per
page with the cursor; the other account likes, comments, follows and reads its following
feed; a taken username and an invalid one come back as the API's error body. Exits
non-zero on the first failure.
"""

import os
import secrets
import sys
import time
import traceback
from pathlib import Path
from typing import TypeVar, cast

from shortvideo_client import AuthenticatedClient, Client

# The generated operations are modules named after their operationIds (under their tag):
# when those change, `make clients` renames the modules and only these imports change.
from shortvideo_client.api.auth import get_me, login, register
from shortvideo_client.api.comments import add_comment, list_comments
from shortvideo_client.api.health import get_health as health
from shortvideo_client.api.likes import like_video
from shortvideo_client.api.users import follow_user, get_user
from shortvideo_client.api.videos import create_video, get_video, list_videos
from shortvideo_client.api.videos import get_following_feed as following_feed
from shortvideo_client.models import (
    AuthResult,
    CommentCreate,
    Error,
    Health,
    HealthStatus,
    Login,
    Register,
    Video,
    VideoLink,
    VideoStatus,
    VideoUploadDoc,
)
from shortvideo_client.types import File, Response

SAMPLE = Path(__file__).resolve().parent.parent.parent / "postman" / "sample.mp4"
PASSWORD = "smoke-password-1"
RUN = secrets.token_hex(5)  # fresh names, so that the script can run again on the same database
T = TypeVar("T")


class ApiError(Exception):
    """An error response, with the API's error body (`code, status, message, errors`)."""

    def __init__(self, status: int, error: Error | None, content: bytes) -> None:
        self.status = status
        self.error = error
        super().__init__(f"{status}: {error.message if error else content[:200]!r}")


def expect(response: Response[Error | T], status: int) -> T:
    """The parsed body of a response with this status; else ApiError."""
    parsed = response.parsed
    if response.status_code != status or parsed is None or isinstance(parsed, Error):
        raise ApiError(response.status_code, parsed if isinstance(parsed, Error) else None, response.content)
    return parsed


def expect_error(response: Response[Error | T], status: int) -> Error:
    """The API's error body of a response with this status; else AssertionError."""
    assert response.status_code == status, (response.status_code, response.content)
    assert isinstance(response.parsed, Error), response.content
    assert response.parsed.code == status
    return response.parsed


def signed_in(base_url: str, token: str) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=base_url, token=token, raise_on_unexpected_status=True)


def step(name: str) -> None:
    print(f"ok - {name}", flush=True)


def sign_up(client: AuthenticatedClient, username: str) -> AuthResult:
    body = Register(username=username, email=f"{username}@example.com", password=PASSWORD)
    result = expect(register.sync_detailed(client=client, body=body), 201)
    assert result.user.username == username
    assert result.token_type == "Bearer" and result.expires_in > 0
    return result


def ready(client: AuthenticatedClient, video: Video) -> Video:
    """Polls the video until it is no longer processing (inline processing is done already)."""
    deadline = time.monotonic() + 60
    while video.status == VideoStatus.PROCESSING and time.monotonic() < deadline:
        time.sleep(0.5)
        video = expect(get_video.sync_detailed(video.id, client=client), 200)
    assert video.status == VideoStatus.READY, (video.status, video.processing_error)
    return video


def main(base_url: str) -> None:
    # openapi-python-client asks for an AuthenticatedClient on every operation with a
    # security requirement, optional ones ([{}, {BearerAuth: []}]) included; a plain Client
    # is what those take without a token.
    anonymous = cast(AuthenticatedClient, Client(base_url=base_url, raise_on_unexpected_status=True))
    # Not expect(): a 503 has a body of its own (HealthUnavailable) beside the error body.
    checked = health.sync_detailed(client=anonymous)
    assert checked.status_code == 200 and isinstance(checked.parsed, Health), checked.content
    assert checked.parsed.status == HealthStatus.OK
    step("health")

    alice = sign_up(anonymous, f"py_a_{RUN}")
    bob = sign_up(anonymous, f"py_b_{RUN}")
    step("register two users")

    credentials = Login(login=alice.user.email, password=PASSWORD)
    session = expect(login.sync_detailed(client=anonymous, body=credentials), 200)
    assert session.user.id == alice.user.id
    as_alice = signed_in(base_url, session.access_token)
    as_bob = signed_in(base_url, bob.access_token)
    assert expect(get_me.sync_detailed(client=as_alice), 200).username == alice.user.username
    step("log in")

    with SAMPLE.open("rb") as sample:
        file = File(payload=sample, file_name="sample.mp4", mime_type="video/mp4")
        upload = VideoUploadDoc(file=file, caption="First #smoke")
        uploaded = ready(as_alice, expect(create_video.sync_detailed(client=as_alice, body=upload), 201))
    assert uploaded.hashtags == ["smoke"]
    assert uploaded.author.username == alice.user.username
    assert uploaded.video_url.startswith("http"), uploaded.video_url
    linked = [
        expect(
            create_video.sync_detailed(
                client=as_alice,
                body=VideoLink(video_url=f"https://example.com/smoke-{n}.mp4", caption=f"Video {n}"),
            ),
            201,
        )
        for n in (2, 3)
    ]
    step(f"upload a video ({uploaded.status.value}, {uploaded.width}x{uploaded.height}) and link two")

    seen: list[int] = []
    cursor: str | None = None
    pages = 0
    while True:
        pending = list_videos.sync_detailed(
            client=anonymous, author=alice.user.username, limit=1, cursor=cursor
        )
        page = expect(pending, 200)
        assert len(page.items) <= 1
        seen += [video.id for video in page.items]
        cursor, pages = page.next_cursor, pages + 1
        if cursor is None or pages >= 10:
            break
    assert seen == [linked[1].id, linked[0].id, uploaded.id], seen
    step(f"paginate the author's videos with the cursor ({pages} pages)")

    like = expect(like_video.sync_detailed(uploaded.id, client=as_bob), 201)
    assert (like.liked, like.like_count) == (True, 1)
    again = expect(like_video.sync_detailed(uploaded.id, client=as_bob), 200)
    assert again == like
    step("like (201, then 200 when liked already)")

    body = CommentCreate(body="Nice one")
    comment = expect(add_comment.sync_detailed(uploaded.id, client=as_bob, body=body), 201)
    assert comment.parent_id is None and comment.author.id == bob.user.id
    comments = expect(list_comments.sync_detailed(uploaded.id, client=anonymous), 200)
    assert [item.id for item in comments.items] == [comment.id]
    step("comment")

    follow = expect(follow_user.sync_detailed(alice.user.username, client=as_bob), 201)
    assert (follow.following, follow.requested, follow.followers_count) == (True, False, 1)
    assert expect(get_user.sync_detailed(alice.user.username, client=as_bob), 200).is_following is True
    step("follow")

    feed = expect(following_feed.sync_detailed(client=as_bob, limit=10), 200)
    assert [video.id for video in feed.items] == seen
    liked = next(video for video in feed.items if video.id == uploaded.id)
    assert (liked.liked_by_me, liked.like_count, liked.comment_count) == (True, 1, 1)
    assert feed.next_cursor is None
    step("the following feed")

    taken = Register(username=alice.user.username, email=f"other_{RUN}@example.com", password=PASSWORD)
    expect_error(register.sync_detailed(client=anonymous, body=taken), 409)
    invalid = Register(username="x", email=f"x_{RUN}@example.com", password=PASSWORD)
    error = expect_error(register.sync_detailed(client=anonymous, body=invalid), 422)
    assert error.errors and "username" in error.errors.to_dict()["json"], error.to_dict()
    expect_error(following_feed.sync_detailed(client=anonymous), 401)
    step("errors are the API's error body: 409, 422 with errors.json.username, 401")


if __name__ == "__main__":
    url = os.environ.get("SHORTVIDEO_API_URL")
    if not url:
        sys.exit("set SHORTVIDEO_API_URL to the server's origin, e.g. http://127.0.0.1:5000")
    try:
        main(url.rstrip("/"))
    except Exception:
        traceback.print_exc()
        print("python smoke: FAILED", file=sys.stderr)
        sys.exit(1)
    print("python smoke: passed")
