"""What the visibility rule costs (app/visibility.py): every list keeps at most 3 SQL
statements signed in, the new lists included, and a viewer's blocks and mutes never
enter a statement as a list of ids: the SQL a feed runs is the same text whether the
viewer blocks two accounts or forty."""

import pytest

from tests.helpers import block, comment, follow_ok, mute, page, post_video, register_many, report, set_role


@pytest.fixture
def crowd(app, client, register, alice):
    """25 accounts that alice follows, each with a video, a comment on hers and a report;
    alice is a moderator."""
    set_role(app, "alice", "moderator")
    video = post_video(client, alice, "alice's video")
    accounts = register_many(register, "fan", 25)
    for account in accounts:
        post_video(client, account, f"by {account.username} #crowd")
        comment(client, account, video, "hello")
        follow_ok(client, alice, account.username)
        report(client, account, {"type": "video", "id": video})
    return accounts


def _statements(client, count_queries, path, account, limit, **query):
    client.get(path, query_string={"limit": limit, **query}, headers=account.headers)  # warm up
    with count_queries() as statements:
        response = client.get(path, query_string={"limit": limit, **query}, headers=account.headers)
    assert response.status_code == 200, response.get_json()
    assert len(response.get_json()["items"]) == limit, path
    return statements


NEW_LISTS = [
    "/api/me/blocks",
    "/api/me/mutes",
    "/api/me/follow-requests",
    "/api/reports",
    "/api/moderation/reports",
    "/api/moderation/audit",
    "/api/moderation/blocked-terms",
]


def test_the_new_lists_run_a_fixed_number_of_statements(app, client, register, count_queries, crowd):
    owner = register("owner")
    client.patch("/api/auth/me", json={"is_private": True}, headers=owner.headers)
    for account in crowd:
        report(client, owner, {"type": "user", "username": account.username})
        block(client, owner, account.username)
        mute(client, owner, account.username)
    for account in register_many(register, "asker", 21):
        assert client.post("/api/users/owner/follow", headers=account.headers).status_code == 202
    set_role(app, "owner", "admin")
    for i in range(25):
        client.post("/api/moderation/blocked-terms", json={"term": f"term{i}"}, headers=owner.headers)
    for path in NEW_LISTS:
        small = _statements(client, count_queries, path, owner, 2)
        large = _statements(client, count_queries, path, owner, 20)
        assert len(small) == len(large) <= 3, (path, small, large)


FEEDS = [
    ("/api/videos", {}),
    ("/api/videos", {"hashtag": "crowd"}),
    ("/api/videos", {"q": "crowd"}),
    ("/api/videos/for-you", {}),
    ("/api/videos/following", {}),
    ("/api/users/alice/following", {}),
    ("/api/users", {"q": "fan"}),
]


def test_blocks_and_mutes_never_change_a_feeds_statements(client, register, count_queries, crowd, alice):
    others = register_many(register, "other", 40)
    few = {}
    block(client, alice, "other00")
    mute(client, alice, "other01")
    for path, query in FEEDS:
        few[path, tuple(query.items())] = _statements(client, count_queries, path, alice, 2, **query)
    for account in others[2:]:
        block(client, alice, account.username)
        mute(client, alice, account.username)
    for path, query in FEEDS:
        many = _statements(client, count_queries, path, alice, 2, **query)
        assert many == few[path, tuple(query.items())], path
        assert len(many) <= 3, (path, many)


def test_a_viewer_blocking_or_muting_many_still_gets_full_pages(client, register, crowd, alice):
    for account in crowd[:20]:
        mute(client, alice, account.username)
    body = page(client, "/api/videos/following", alice, limit=5)
    authors = {item["author"]["username"] for item in body["items"]}
    assert len(body["items"]) == 5
    assert not authors & {account.username for account in crowd[:20]}
    assert body["next_cursor"] is None


LEAN_FEEDS = [
    ("/api/videos", {}),
    ("/api/videos/for-you", {}),
    ("/api/videos/following", {}),
]
# The inbox too: each of crowd's accounts commented on alice's video.
LEAN_LISTS = [*LEAN_FEEDS, ("/api/notifications", {})]


def _shown(body, path):
    """The usernames a page shows: the videos' authors, or the notifications' actors."""
    key = "actor" if path == "/api/notifications" else "author"
    return {item[key]["username"] for item in body["items"] if item[key]}


def _page_statement(client, count_queries, path, account, **query):
    """The SQL of the feed's page (its last statement)."""
    return _statements(client, count_queries, path, account, 2, **query)[-1]


def _relate(client, relation, viewer, other):
    """Give ``viewer`` the relation with ``other``: a block either way, or a mute."""
    if relation == "blocks someone":
        block(client, viewer, other.username)
    elif relation == "is blocked by someone":
        block(client, other, viewer.username)
    else:
        mute(client, viewer, other.username)


@pytest.mark.parametrize(
    "relation",
    ["blocks someone", "is blocked by someone", "mutes someone"],
)
def test_a_viewer_with_no_blocks_or_mutes_gets_the_feeds_without_their_probes(
    client, register, count_queries, crowd, alice, relation
):
    """app/visibility.py, "viewers with no blocks or mutes": the block and mute probes are
    left out only while the viewer has none, either way; any one of them brings the full
    rule back, and with it the hiding."""
    stranger, hidden = register("stranger"), crowd[0]
    for path, query in LEAN_LISTS:
        statement = _page_statement(client, count_queries, path, alice, **query)
        assert "blocks" not in statement and "mutes" not in statement, (path, statement)
        assert hidden.username in _shown(page(client, path, alice, limit=50, **query), path), path
    _relate(client, relation, alice, stranger)
    for path, query in LEAN_LISTS:
        statement = _page_statement(client, count_queries, path, alice, **query)
        assert "blocks" in statement and "mutes" in statement, (path, statement)
    # The full rule hides what it must: a followed author muted (or blocking) is gone.
    _relate(client, relation, alice, hidden)
    for path, query in LEAN_LISTS:
        assert hidden.username not in _shown(page(client, path, alice, limit=50, **query), path), path
