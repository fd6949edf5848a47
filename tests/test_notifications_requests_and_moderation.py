"""Notifications of follow requests and of moderation (API.md, "Notifications", "Privacy,
blocks and mutes", "Reports and moderation"): ``follow_request``, ``follow_accepted``,
``content_removed`` and ``report_resolved`` reach the right person once, with the right
actor, video and comment, and go when what they announced is undone."""

from tests.helpers import (
    block,
    comment,
    follow,
    follow_ok,
    make_private,
    mute,
    page,
    post_video,
    report,
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


def remove(client, mod, kind, content_id):
    response = client.post(
        f"/api/moderation/{kind}s/{content_id}/removal", json={"reason": "Spam."}, headers=mod.headers
    )
    assert response.status_code == 200, response.get_json()


def restore(client, mod, kind, content_id):
    response = client.delete(f"/api/moderation/{kind}s/{content_id}/removal", headers=mod.headers)
    assert response.status_code == 200, response.get_json()


def resolve(client, mod, report_id, action):
    response = client.post(
        f"/api/moderation/reports/{report_id}/resolve", json={"action": action}, headers=mod.headers
    )
    assert response.status_code == 200, response.get_json()


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


# --- content removed --------------------------------------------------------------------------


def test_a_removed_video_tells_its_author_without_naming_the_moderator(client, alice, bob, mod):
    video = post_video(client, alice, "clip")
    remove(client, mod, "video", video)
    remove(client, mod, "video", video)  # removed again: still one notification
    [told] = inbox(client, alice)
    assert (told["type"], told["actor"], told["comment"]) == ("content_removed", None, None)
    assert told["video"] == {"id": video, "caption": "clip", "thumbnail_url": None}
    assert inbox(client, bob) == [] and inbox(client, mod) == []
    restore(client, mod, "video", video)  # undone: the notification goes
    assert causes(client, alice) == []
    remove(client, mod, "video", video)  # a new removal is told again
    assert causes(client, alice) == [("content_removed", None, video, None)]


def test_a_removed_comment_tells_its_author_and_hides_what_it_caused(client, alice, bob, carol, mod):
    video = post_video(client, alice)
    made = comment(client, bob, video, "mean @carol")
    assert causes(client, alice) == [("comment", "bob", video, made["id"])]
    remove(client, mod, "comment", made["id"])
    [told] = inbox(client, bob)
    assert (told["type"], told["actor"], told["video"]) == ("content_removed", None, None)
    assert told["comment"] == {"id": made["id"], "body": "mean @carol"}
    # The removed comment's body no longer reaches anyone else's inbox.
    assert causes(client, alice) == [] and causes(client, carol) == []
    assert unread(client, alice) == 0
    restore(client, mod, "comment", made["id"])
    assert causes(client, bob) == []
    assert causes(client, alice) == [("comment", "bob", video, made["id"])]


def test_a_removed_comment_is_told_even_on_a_video_its_author_cannot_see(client, alice, bob, mod):
    video = post_video(client, alice)
    made = comment(client, bob, video, "hi")
    assert block(client, alice, "bob").status_code == 201  # bob no longer sees alice's video
    remove(client, mod, "comment", made["id"])
    assert causes(client, bob) == [("content_removed", None, None, made["id"])]


# --- reports resolved ------------------------------------------------------------------------


def test_resolving_a_report_tells_every_reporter_of_the_target_once(client, alice, bob, carol, mod):
    video = post_video(client, alice, "bad")
    first = report(client, bob, {"type": "video", "id": video}).get_json()
    report(client, carol, {"type": "video", "id": video}, reason="hate")
    resolve(client, mod, first["id"], "remove_content")
    for reporter in (bob, carol):
        # No reference to the target: it is removed, a 404 for the reporter.
        assert causes(client, reporter) == [("report_resolved", None, None, None)]
    assert causes(client, alice) == [("content_removed", None, video, None)]
    assert inbox(client, mod) == []


def test_each_resolved_report_is_its_own_notification(client, alice, bob, mod):
    video = post_video(client, alice)
    on_video = report(client, bob, {"type": "video", "id": video}).get_json()
    on_account = report(client, bob, {"type": "user", "username": "alice"}).get_json()
    resolve(client, mod, on_video["id"], "dismiss")
    resolve(client, mod, on_account["id"], "dismiss")
    assert causes(client, bob) == [("report_resolved", None, None, None)] * 2
    assert inbox(client, alice) == []  # a dismissal tells the author nothing


def test_a_moderator_resolving_their_own_report_is_not_told(client, alice, mod):
    video = post_video(client, alice)
    own = report(client, mod, {"type": "video", "id": video}).get_json()
    resolve(client, mod, own["id"], "dismiss")
    assert inbox(client, mod) == []


# --- the inbox stays fixed statements ------------------------------------------------------


def test_an_inbox_of_every_new_type_costs_the_same_statements(
    client, alice, bob, carol, mod, register, count_queries
):
    make_private(client, alice)
    for i in range(4):
        request_follow(client, register(f"fan{i}"), "alice")
    request_follow(client, bob, "alice")
    approve(client, alice, "bob")
    video = post_video(client, alice)
    remove(client, mod, "video", video)
    made = comment(client, alice, post_video(client, carol), "hi")
    remove(client, mod, "comment", made["id"])
    reported = report(client, alice, {"type": "user", "username": "carol"}).get_json()
    resolve(client, mod, reported["id"], "dismiss")
    assert {n["type"] for n in inbox(client, alice)} == {
        "follow_request",
        "follow",
        "content_removed",
        "report_resolved",
    }
    counts = []
    for limit in (2, 20):
        with count_queries() as statements:
            page(client, "/api/notifications", headers=alice.headers, limit=limit)
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 3, counts
