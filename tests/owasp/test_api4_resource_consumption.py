"""API4:2023 Unrestricted Resource Consumption (docs/SECURITY.md §1, API4 rows).

Rows proven elsewhere:
- page size and forged cursors: tests/test_feeds.py::test_limit_outside_1_to_100_is_422 (0, 101,
  -1, abc, ...), ::test_forged_cursor_is_422 (600 characters included), ::test_tampered_cursor_is_422
- upload size: tests/test_videos.py::test_upload_over_video_max_bytes_is_json_413_and_leaves_no_file,
  ::test_upload_far_over_the_request_limit_is_json_413 (and fuzz/run.sh under gunicorn)
- field sizes: caption 2201
  (tests/test_videos.py::test_create_by_link_rejects_a_caption_over_2200_characters),
  comment body 151 (tests/test_comments.py::test_an_invalid_comment_body_is_422), password 129
  (tests/test_auth.py::test_register_rejects_invalid_passwords), a 2 MiB body
  (tests/test_service.py::test_two_mebibyte_body_to_register_is_json_413)
- 2**63 ids and NUL bytes: tests/test_service.py::test_integer_path_id_beyond_64_bits_is_404* and
  tests/test_comments.py::test_an_invalid_comment_body_is_422[nul]
- deep pages cost the same as the first:
  tests/test_feeds.py::test_page_cost_does_not_grow_with_its_size_or_depth
Proven here: a 2 MiB login body, a q of 10,000 characters, cursors of 10,000 characters, no
OFFSET in any page's SQL, and the login, register and refresh rate limits.
"""

import json
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from tests.helpers import assert_error, limit_of, link


def test_two_mebibyte_json_to_login_is_json_413(client):
    data = json.dumps({"login": "alice", "password": "x" * (2 * 1024 * 1024)})
    assert_error(client.post("/api/auth/login", data=data, content_type="application/json"), 413)


@pytest.mark.parametrize("path", ["/api/videos", "/api/users"])
def test_q_of_ten_thousand_characters_is_422(client, path):
    body = assert_error(client.get(path, query_string={"q": "a" * 10_000}), 422)
    assert "q" in body["errors"]["query"]


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/videos", {}),
        ("/api/videos/for-you", {}),
        ("/api/users", {"q": "a"}),
        ("/api/users/alice/followers", {}),
    ],
)
def test_cursor_of_ten_thousand_characters_is_422(client, alice, path, query):
    response = client.get(path, query_string={"cursor": "A" * 10_000, **query})
    assert "cursor" in assert_error(response, 422)["errors"]["query"]


def test_a_deep_page_uses_a_keyset_not_offset(app, client, alice):
    for i in range(12):
        link(client, alice, f"v{i}")
    with app.app_context():
        engine = db.engine
    executed = []

    def record(_conn, _cursor, statement, parameters, *_args):
        executed.append((statement.upper(), parameters))

    sa.event.listen(engine, "before_cursor_execute", record)
    cursor = None
    try:
        for _ in range(5):
            query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            body = client.get("/api/videos", query_string=query)
            assert body.status_code == 200
            cursor = body.get_json()["next_cursor"]
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert cursor is not None
    for statement, parameters in executed:
        if "OFFSET" in statement:
            # SQLite's dialect always writes "LIMIT n OFFSET ?" (the page's row count is in
            # the SQL, app/pagination.py); the offset must stay 0.
            assert re.search(r"LIMIT \d+ OFFSET \?$", statement.rstrip()) and parameters[-1] == 0, statement


def _exhaust(response_for, allowed):
    statuses = [response_for(i).status_code for i in range(allowed + 1)]
    assert 429 not in statuses[:allowed], statuses
    return statuses[-1]


def test_login_is_limited_per_address(limited_app, limited_client):
    allowed = limit_of(limited_app, "RATELIMIT_LOGIN_IP")
    last = None

    def attempt(i):
        nonlocal last
        last = limited_client.post(
            "/api/auth/login", json={"login": f"user{i}", "password": "wrong-password"}
        )
        return last

    assert _exhaust(attempt, allowed) == 429
    assert_error(last, 429)
    assert "Retry-After" in last.headers


def test_register_is_limited_per_address(limited_app, limited_client):
    allowed = limit_of(limited_app, "RATELIMIT_REGISTER")
    last = None

    def attempt(i):
        nonlocal last
        last = limited_client.post(
            "/api/auth/register",
            json={"username": f"user{i}", "email": f"user{i}@example.com", "password": "password 123"},
        )
        return last

    assert _exhaust(attempt, allowed) == 429
    assert_error(last, 429)
    assert "Retry-After" in last.headers
    assert limited_client.get(f"/api/users/user{allowed}").status_code == 404


def test_refresh_is_limited(limited_app, limited_client, alice):
    allowed = limit_of(limited_app, "RATELIMIT_REFRESH")
    token = alice["refresh_token"]
    last = None

    def attempt(_):
        nonlocal token, last
        last = limited_client.post("/api/auth/refresh", headers={"Authorization": f"Bearer {token}"})
        if last.status_code == 200:
            token = last.get_json()["refresh_token"]
        return last

    assert _exhaust(attempt, allowed) == 429
    assert_error(last, 429)
    assert "Retry-After" in last.headers
