"""GET /api/users/suggested (API.md, "Engagement"; README, "Suggested accounts")."""

from tests.helpers import USER_KEYS, assert_error, follow_ok, page, usernames, walk_items


def test_suggestions_are_followed_by_whom_you_follow_most_first(client, register):
    me, a, b, c = (register(name) for name in ("me", "aa", "bb", "cc"))
    for name in ("xx", "yy", "zz"):
        register(name)
    for account in (a, b, c):
        follow_ok(client, me, account.username)
    for follower, followee in ((a, "xx"), (b, "xx"), (c, "xx"), (a, "yy"), (b, "yy"), (c, "zz"), (a, "me")):
        follow_ok(client, follower, followee)
    follow_ok(client, a, "bb")  # bb is followed already: never suggested
    items = walk_items(client, "/api/users/suggested", me, limit=1)
    assert usernames(items) == ["xx", "yy", "zz"]
    assert all(set(item) == USER_KEYS and item["is_following"] is False for item in items)


def test_suggestions_need_a_token_and_may_be_empty(client, alice):
    assert_error(client.get("/api/users/suggested"), 401)
    assert page(client, "/api/users/suggested", headers=alice.headers)["items"] == []


def test_only_the_most_recent_follows_are_read(app, client, register):
    app.config["SUGGESTED_FOLLOWS_SCANNED"] = 1
    try:
        me, old, new = register("me"), register("old"), register("new")
        register("fromold"), register("fromnew")
        follow_ok(client, me, "old")
        follow_ok(client, me, "new")
        follow_ok(client, old, "fromold")
        follow_ok(client, new, "fromnew")
        assert usernames(page(client, "/api/users/suggested", headers=me.headers)["items"]) == ["fromnew"]
    finally:
        app.config["SUGGESTED_FOLLOWS_SCANNED"] = 500


def test_only_the_most_recent_follows_of_each_followed_account_are_read(app, client, register):
    app.config["SUGGESTED_FOLLOWS_PER_ACCOUNT"] = 2
    try:
        me, busy, quiet = register("me"), register("busy"), register("quiet")
        for name in ("old", "mid", "new"):
            register(name)
        follow_ok(client, me, "busy")
        follow_ok(client, me, "quiet")
        for name in ("old", "mid", "new"):
            follow_ok(client, busy, name)
        follow_ok(client, quiet, "old")  # quiet has fewer than 2: all of its follows count
        # busy's two most recent follows count (mid, new), not its oldest: old scores 1
        # (quiet), not 2, so the ties go by id, newest account first.
        items = page(client, "/api/users/suggested", headers=me.headers)["items"]
        assert usernames(items) == ["new", "mid", "old"]
        app.config["SUGGESTED_FOLLOWS_PER_ACCOUNT"] = 1
        assert usernames(page(client, "/api/users/suggested", headers=me.headers)["items"]) == ["new", "old"]
    finally:
        app.config["SUGGESTED_FOLLOWS_PER_ACCOUNT"] = 100


def test_the_suggestions_page_costs_the_same_whatever_its_size_or_depth(client, register, count_queries):
    me = register("me")
    friends = [register(f"f{i:02d}") for i in range(3)]
    for friend in friends:
        follow_ok(client, me, friend.username)
    for i in range(25):
        register(f"c{i:02d}")
        for friend in friends[: 1 + i % 3]:
            follow_ok(client, friend, f"c{i:02d}")
    counts = {}
    for limit in (2, 20):
        with count_queries() as statements:
            assert (
                len(page(client, "/api/users/suggested", headers=me.headers, limit=limit)["items"]) == limit
            )
        counts[limit] = len(statements)
    first = page(client, "/api/users/suggested", headers=me.headers, limit=3)
    with count_queries() as statements:
        page(client, "/api/users/suggested", headers=me.headers, limit=2, cursor=first["next_cursor"])
    counts["deep"] = len(statements)
    assert counts[2] == counts[20] == counts["deep"] <= 3, counts
