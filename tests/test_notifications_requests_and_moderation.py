"""Notifications of follow requests (API.md, "Notifications", "Privacy, blocks and
mutes"): ``follow_request`` and ``follow_accepted`` reach the right person once, with the
right actor, and go when what they announced is undone."""

from tests.helpers import (
    block,
    follow,
    follow_ok,
    make_private,
    mute,
    page,
    unblock,
    unfollow,
)


def inbox(client, account, **query):
    return page(client, "/api/notifications", headers=account.headers, **query)["items"]


def causes(client, account):
    """(type, actor, video id, comment id) of each notification, newest first."""
    return [
        (
            n["type"],
            n["actor"] and n["actor"]["username"],
            n["video"] and n["video"]["id"],
            n["comment"] and n["comment"]["id"],
        )
        for n in inbox(client, account)
    ]


def unread(client, account):
    return client.get("/api/notifications/unread-count", headers=account.headers).get_json()["count"]


def request_follow(client, account, username):
    response = follow(client, account, username)
    assert response.status_code == 202, response.get_json()


def approve(client, account, username):
    response = client.post(f"/api/me/follow-requests/{username}", headers=account.headers)
    assert response.status_code == 200, response.get_json()


def decline(client, account, username):
    response = client.delete(f"/api/me/follow-requests/{username}", headers=account.headers)
    assert response.status_code == 204


# --- follow requests ------------------------------------------------------------------------


def test_a_follow_request_notifies_the_private_account_once(client, alice, bob, carol):
    make_private(client, alice)
    request_follow(client, bob, "alice")
    request_follow(client, bob, "alice")  # asked again: still one request, one notification
    assert causes(client, alice) == [("follow_request", "bob", None, None)]
    assert inbox(client, bob) == [] and inbox(client, carol) == []


def test_a_withdrawn_or_declined_request_takes_its_notification(client, alice, bob):
    make_private(client, alice)
    request_follow(client, bob, "alice")
    assert unfollow(client, bob, "alice").status_code == 200  # withdrawn
    assert causes(client, alice) == [] and unread(client, alice) == 0
    request_follow(client, bob, "alice")  # a new request is told again
    assert causes(client, alice) == [("follow_request", "bob", None, None)]
    decline(client, alice, "bob")
    assert causes(client, alice) == [] and unread(client, alice) == 0
    assert inbox(client, bob) == []  # a declined requester is not told


def test_an_approved_request_becomes_a_follow_and_tells_the_requester(client, alice, bob):
    make_private(client, alice)
    request_follow(client, bob, "alice")
    [asked] = inbox(client, alice)
    assert client.post("/api/notifications/read", headers=alice.headers).status_code == 204
    approve(client, alice, "bob")
    [followed] = inbox(client, alice)
    # The same item, in place: "bob follows you", still read; nothing new for alice's own act.
    assert (followed["id"], followed["type"], followed["actor"]["username"], followed["read"]) == (
        asked["id"],
        "follow",
        "bob",
        True,
    )
    assert followed["created_at"] == asked["created_at"] and unread(client, alice) == 0
    assert causes(client, bob) == [("follow_accepted", "alice", None, None)]
    assert unread(client, bob) == 1


def test_an_approval_after_an_earlier_follow_keeps_one_follow_notification(client, alice, bob):
    follow_ok(client, bob, "alice")
    assert unfollow(client, bob, "alice").status_code == 200
    make_private(client, alice)
    request_follow(client, bob, "alice")
    assert causes(client, alice) == [("follow_request", "bob", None, None), ("follow", "bob", None, None)]
    approve(client, alice, "bob")
    assert causes(client, alice) == [("follow", "bob", None, None)]


def test_going_public_approves_every_request_and_tells_each_requester(client, alice, bob, carol):
    make_private(client, alice)
    request_follow(client, bob, "alice")
    request_follow(client, carol, "alice")
    make_private(client, alice, private=False)
    assert causes(client, alice) == [("follow", "carol", None, None), ("follow", "bob", None, None)]
    for requester in (bob, carol):
        assert causes(client, requester) == [("follow_accepted", "alice", None, None)]


def test_a_block_ends_a_request_and_its_notification(client, alice, bob):
    make_private(client, alice)
    request_follow(client, bob, "alice")
    assert block(client, alice, "bob").status_code == 201
    assert unblock(client, alice, "bob").status_code == 200
    # Unblocking restores visibility, not the request, nor its notification.
    assert causes(client, alice) == []
    assert page(client, "/api/me/follow-requests", alice)["items"] == []


def test_a_request_from_a_muted_account_is_not_told(client, alice, bob):
    make_private(client, alice)
    assert mute(client, alice, "bob").status_code == 201
    request_follow(client, bob, "alice")
    assert causes(client, alice) == []
    assert [u["username"] for u in page(client, "/api/me/follow-requests", alice)["items"]] == ["bob"]
