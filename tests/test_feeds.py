"""Video lists against docs/API.md (Videos, Users and follows, Pagination, Details).

Newest-first lists and their filters, the following and for-you feeds, a user's videos and
likes, pagination (limits, cursors, walks while the data changes) and the SQL cost of a page.
"""

import pytest

from tests.helpers import assert_error, follow_ok, ids, like_ok, page, post_video, unlike_ok, walk_ids

BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

# Every list of videos: (path, needs a signed-in viewer).
VIDEO_LISTS = [
    ("/api/videos", False),
    ("/api/videos/for-you", False),
    ("/api/videos/following", True),
    ("/api/users/bob/videos", False),
    ("/api/users/alice/likes", False),
]


# --- GET /api/videos and its filters --------------------------------------------------------


def test_videos_newest_first(client, alice, bob):
    made = [post_video(client, alice if i % 2 else bob, f"video {i}") for i in range(5)]
    assert ids(client, "/api/videos") == made[::-1]
    assert page(client, "/api/videos")["items"][0]["caption"] == "video 4"


def test_videos_empty_list(client):
    assert page(client, "/api/videos") == {"items": [], "next_cursor": None}


def test_videos_items_carry_liked_by_me_for_the_viewer(client, alice, bob):
    first = post_video(client, alice)
    second = post_video(client, alice)
    like_ok(client, bob, first)
    anonymous = page(client, "/api/videos")["items"]
    assert [v["liked_by_me"] for v in anonymous] == [None, None]
    mine = {v["id"]: v["liked_by_me"] for v in page(client, "/api/videos", headers=bob.headers)["items"]}
    assert mine == {first: True, second: False}
    author = page(client, "/api/videos", headers=alice.headers)["items"]
    assert [v["author"]["username"] for v in author] == ["alice", "alice"]


def test_videos_filter_by_author_without_regard_to_case(client, alice, bob):
    a1 = post_video(client, alice)
    post_video(client, bob)
    a2 = post_video(client, alice)
    for name in ("alice", "ALICE", "Alice"):
        assert ids(client, "/api/videos", author=name) == [a2, a1]
    assert ids(client, "/api/videos", author="nobody") == []


def test_videos_filter_by_author_shows_the_username_as_registered(client, register):
    mixed = register("MiXed")
    video = post_video(client, mixed)
    items = page(client, "/api/videos", author="mixed")["items"]
    assert [v["id"] for v in items] == [video]
    assert items[0]["author"]["username"] == "MiXed"


def test_videos_filter_by_hashtag_with_or_without_hash_and_any_case(client, alice, bob):
    cats = post_video(client, alice, "my #Cats are great")
    post_video(client, alice, "#catsanddogs is another tag")
    both = post_video(client, bob, "#dogs and #CATS")
    post_video(client, bob, "cats without a tag")
    for tag in ("cats", "#cats", "CATS", "#Cats"):
        assert ids(client, "/api/videos", hashtag=tag) == [both, cats]
    assert ids(client, "/api/videos", hashtag="dogs") == [both]
    assert ids(client, "/api/videos", hashtag="cat") == []


def test_videos_filter_by_non_latin_hashtag(client, alice):
    video = post_video(client, alice, "#ТЕСТ #Café")
    assert ids(client, "/api/videos", hashtag="тест") == [video]
    assert ids(client, "/api/videos", hashtag="#ТЕСТ") == [video]
    assert ids(client, "/api/videos", hashtag="café") == [video]
    assert ids(client, "/api/videos", hashtag="CAFÉ") == [video]


def test_videos_filter_q_matches_whole_words_without_regard_to_case(client, alice):
    cat = post_video(client, alice, "My cat is cute")
    post_video(client, alice, "category theory lecture")
    cat_dog = post_video(client, alice, "CAT and Dog, friends")
    dog = post_video(client, alice, "dog only")
    punctuated = post_video(client, alice, "hello,cat. bye")
    post_video(client, alice, "concatenate strings; bobcat")
    assert ids(client, "/api/videos", q="cat") == [punctuated, cat_dog, cat]
    assert ids(client, "/api/videos", q="CAT") == [punctuated, cat_dog, cat]
    assert ids(client, "/api/videos", q="dog") == [dog, cat_dog]


def test_videos_filter_q_needs_every_word(client, alice):
    post_video(client, alice, "cat alone")
    both = post_video(client, alice, "the dog chased the cat")
    post_video(client, alice, "dog alone")
    assert ids(client, "/api/videos", q="cat dog") == [both]
    assert ids(client, "/api/videos", q="DOG   cat") == [both]
    assert ids(client, "/api/videos", q="cat dog bird") == []


def test_videos_filter_q_non_latin_words(client, alice):
    video = post_video(client, alice, "Привет МИР from CAFÉ")
    assert ids(client, "/api/videos", q="мир") == [video]
    assert ids(client, "/api/videos", q="привет café") == [video]
    assert ids(client, "/api/videos", q="ми") == []


def test_videos_filters_combine(client, alice, bob):
    post_video(client, alice, "cat #pets")
    wanted = post_video(client, bob, "cat #pets")
    post_video(client, bob, "dog #pets")
    post_video(client, bob, "cat #wild")
    assert ids(client, "/api/videos", author="BOB", hashtag="#PETS", q="Cat") == [wanted]


@pytest.mark.parametrize(
    "params",
    [
        {"author": ""},
        {"author": "a" * 25},
        {"hashtag": ""},
        {"hashtag": "a" * 102},
        {"q": ""},
        {"q": "a" * 257},
    ],
)
def test_videos_filter_values_out_of_range_are_422(client, params):
    body = assert_error(client.get("/api/videos", query_string=params), 422)
    assert set(params) <= set(body["errors"]["query"])


def test_videos_filter_by_q_of_punctuation_only_finds_nothing(client, alice):
    post_video(client, alice, "anything at all")
    response = client.get("/api/videos", query_string={"q": "!!!"})
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert response.get_json()["items"] == []


def test_videos_unknown_query_parameter_is_ignored_or_rejected_as_json(client):
    response = client.get("/api/videos", query_string={"sort": "oldest"})
    assert response.status_code in (200, 422)
    assert response.mimetype == "application/json"


# --- GET /api/videos/following --------------------------------------------------------------


def test_following_feed_shows_only_followed_authors_newest_first(client, alice, bob, carol, register):
    dave = register("dave")
    b1 = post_video(client, bob)
    post_video(client, carol)
    d1 = post_video(client, dave)
    post_video(client, alice)
    b2 = post_video(client, bob)
    follow_ok(client, alice, "bob")
    follow_ok(client, alice, "DAVE")
    assert ids(client, "/api/videos/following", headers=alice.headers) == [b2, d1, b1]
    items = page(client, "/api/videos/following", headers=alice.headers)["items"]
    assert {v["author"]["username"] for v in items} == {"bob", "dave"}
    assert all(v["liked_by_me"] is False for v in items)
    assert client.delete("/api/users/dave/follow", headers=alice.headers).status_code == 200
    assert ids(client, "/api/videos/following", headers=alice.headers) == [b2, b1]


@pytest.mark.parametrize("path", ["/api/videos/following", "/api/videos/for-you"])
def test_feeds_are_the_same_for_viewers_who_follow_many_accounts(
    client, alice, bob, carol, register, monkeypatch, path
):
    """From MANY_FOLLOWS follows on, "by a followed author" is sent as a hashed filter
    instead of a join; both forms must give the same pages."""
    from app.videos import feeds as video_feeds

    dave = register("dave")
    videos = [post_video(client, author) for author in (bob, carol, dave, alice, bob, dave, carol, bob)]
    follow_ok(client, alice, "bob")
    follow_ok(client, alice, "dave")
    like_ok(client, alice, videos[0])
    like_ok(client, bob, videos[1])
    feeds = {}
    for many_follows in (10**9, 1):
        monkeypatch.setattr(video_feeds, "MANY_FOLLOWS", many_follows)
        feeds[many_follows] = walk_ids(client, path, headers=alice.headers, limit=3)
        items = page(client, path, headers=alice.headers, limit=100)["items"]
        assert {v["id"] for v in items if v["liked_by_me"]} == {videos[0]}
    assert feeds[1] == feeds[10**9]
    if path.endswith("following"):
        assert feeds[1] == [
            v for v in reversed(videos) if v in {videos[0], videos[2], videos[4], videos[5], videos[7]}
        ]
    else:
        assert sorted(feeds[1]) == sorted(videos)


def test_following_feed_is_empty_when_following_nobody(client, alice, bob):
    post_video(client, bob)
    post_video(client, alice)
    assert page(client, "/api/videos/following", headers=alice.headers) == {"items": [], "next_cursor": None}


def test_following_feed_needs_a_token(client, alice):
    assert_error(client.get("/api/videos/following"), 401)
    assert_error(client.get("/api/videos/following", headers={"Authorization": "Bearer nope"}), 401)


# --- GET /api/videos/for-you ----------------------------------------------------------------


def test_for_you_works_anonymous_and_without_engagement_is_newest_first(client, alice, bob):
    made = [post_video(client, alice if i % 2 else bob) for i in range(4)]
    assert ids(client, "/api/videos/for-you") == made[::-1]
    assert ids(client, "/api/videos/for-you", headers=alice.headers) == made[::-1]
    assert [v["liked_by_me"] for v in page(client, "/api/videos/for-you")["items"]] == [None] * 4


def test_for_you_liked_video_ranks_above_an_otherwise_equal_one(client, alice, bob, carol):
    older = post_video(client, alice)
    newer = post_video(client, alice)
    assert ids(client, "/api/videos/for-you") == [newer, older]
    like_ok(client, bob, older)
    assert ids(client, "/api/videos/for-you") == [older, newer]
    assert ids(client, "/api/videos/for-you", headers=carol.headers) == [older, newer]


def test_for_you_commented_video_ranks_above_an_otherwise_equal_one(client, alice, bob):
    older = post_video(client, alice)
    newer = post_video(client, alice)
    response = client.post(f"/api/videos/{older}/comments", json={"body": "first!"}, headers=bob.headers)
    assert response.status_code == 201
    assert ids(client, "/api/videos/for-you") == [older, newer]


def test_for_you_viewed_video_ranks_above_an_otherwise_equal_one(client, alice):
    older = post_video(client, alice)
    newer = post_video(client, alice)
    assert client.post(f"/api/videos/{older}/views").status_code == 204
    assert ids(client, "/api/videos/for-you") == [older, newer]


def test_for_you_more_engagement_ranks_higher(client, alice, bob, carol, register):
    dave = register("dave")
    one = post_video(client, alice)
    three = post_video(client, alice)
    none = post_video(client, alice)
    two = post_video(client, alice)
    like_ok(client, bob, one)
    for fan in (bob, carol, dave):
        like_ok(client, fan, three)
    like_ok(client, bob, two)
    like_ok(client, carol, two)
    assert ids(client, "/api/videos/for-you") == [three, two, one, none]


def test_for_you_unlike_never_makes_a_video_fall_below_where_it_was(client, alice, bob):
    older = post_video(client, alice)
    newer = post_video(client, alice)
    like_ok(client, bob, older)
    unlike_ok(client, bob, older)
    assert client.get(f"/api/videos/{older}").get_json()["like_count"] == 0
    # The score keeps its peak (README, Ranking), so an unlike does not reorder a feed.
    assert ids(client, "/api/videos/for-you") == [older, newer]


def test_for_you_boosts_followed_authors_for_a_signed_in_viewer(client, alice, bob, carol):
    by_bob = post_video(client, bob)
    by_carol = post_video(client, carol)
    follow_ok(client, alice, "bob")
    assert ids(client, "/api/videos/for-you") == [by_carol, by_bob]
    assert ids(client, "/api/videos/for-you", headers=carol.headers) == [by_carol, by_bob]
    assert ids(client, "/api/videos/for-you", headers=alice.headers) == [by_bob, by_carol]
    items = page(client, "/api/videos/for-you", headers=alice.headers)["items"]
    assert [v["liked_by_me"] for v in items] == [False, False]


def test_for_you_personal_feed_includes_own_and_unfollowed_videos(client, alice, bob, carol):
    mine = post_video(client, alice)
    by_bob = post_video(client, bob)
    by_carol = post_video(client, carol)
    follow_ok(client, alice, "bob")
    assert sorted(ids(client, "/api/videos/for-you", headers=alice.headers)) == sorted(
        [mine, by_bob, by_carol]
    )


def test_for_you_liked_by_me_when_signed_in(client, alice, bob):
    video = post_video(client, bob)
    other = post_video(client, bob)
    like_ok(client, alice, video)
    flags = {
        v["id"]: v["liked_by_me"] for v in page(client, "/api/videos/for-you", headers=alice.headers)["items"]
    }
    assert flags == {video: True, other: False}


def test_for_you_invalid_token_is_401(client):
    assert_error(client.get("/api/videos/for-you", headers={"Authorization": "Bearer bad"}), 401)


# --- GET /api/users/{username}/videos and /likes --------------------------------------------------


def test_user_videos_newest_first_only_theirs(client, alice, bob):
    a1 = post_video(client, alice)
    post_video(client, bob)
    a2 = post_video(client, alice)
    assert ids(client, "/api/users/alice/videos") == [a2, a1]
    assert ids(client, "/api/users/ALICE/videos") == [a2, a1]
    assert ids(client, "/api/users/bob/videos") != [a2, a1]
    items = page(client, "/api/users/alice/videos", headers=bob.headers)["items"]
    assert [v["liked_by_me"] for v in items] == [False, False]


def test_user_videos_and_likes_of_unknown_user_are_404(client):
    assert_error(client.get("/api/users/nobody/videos"), 404)
    assert_error(client.get("/api/users/nobody/likes"), 404)


def test_user_likes_most_recently_liked_first(client, alice, bob, carol):
    v1 = post_video(client, alice)
    v2 = post_video(client, alice)
    v3 = post_video(client, carol)
    post_video(client, carol)
    like_ok(client, bob, v1)
    like_ok(client, bob, v3)
    like_ok(client, bob, v2)
    like_ok(client, carol, v1)
    assert ids(client, "/api/users/bob/likes") == [v2, v3, v1]
    assert ids(client, "/api/users/BOB/likes") == [v2, v3, v1]
    assert ids(client, "/api/users/carol/likes") == [v1]
    unlike_ok(client, bob, v3)
    assert ids(client, "/api/users/bob/likes") == [v2, v1]
    like_ok(client, bob, v3)  # liked again: now the most recent
    assert ids(client, "/api/users/bob/likes") == [v3, v2, v1]
    # Liking again what is already liked does not move it.
    like_ok(client, bob, v1)
    assert ids(client, "/api/users/bob/likes") == [v3, v2, v1]


def test_user_likes_liked_by_me_is_the_viewers_not_the_owners(client, alice, bob):
    v1 = post_video(client, alice)
    v2 = post_video(client, alice)
    like_ok(client, bob, v1)
    like_ok(client, bob, v2)
    like_ok(client, alice, v1)
    items = page(client, "/api/users/bob/likes", headers=alice.headers)["items"]
    assert {v["id"]: v["liked_by_me"] for v in items} == {v1: True, v2: False}
    assert [v["liked_by_me"] for v in page(client, "/api/users/bob/likes")["items"]] == [None, None]


# --- pagination: limits and cursors ---------------------------------------------------------------


@pytest.mark.parametrize(("path", "signed_in"), VIDEO_LISTS)
@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "", "2.5", "1e1"])
def test_limit_outside_1_to_100_is_422(client, alice, bob, path, signed_in, limit):
    headers = alice.headers if signed_in else None
    body = assert_error(client.get(path, query_string={"limit": limit}, headers=headers), 422)
    assert "limit" in body["errors"]["query"]


@pytest.mark.parametrize(("path", "signed_in"), VIDEO_LISTS)
def test_limit_1_and_100_and_default_20(client, alice, bob, path, signed_in):
    follow_ok(client, alice, "bob")
    for _ in range(22):
        like_ok(client, alice, post_video(client, bob))
    headers = alice.headers if signed_in else None
    assert len(page(client, path, headers=headers, limit=1)["items"]) == 1
    assert len(page(client, path, headers=headers, limit=100)["items"]) == 22
    default = page(client, path, headers=headers)
    assert len(default["items"]) == 20
    assert default["next_cursor"] is not None


@pytest.mark.parametrize(("path", "signed_in"), VIDEO_LISTS)
@pytest.mark.parametrize(
    "cursor", ["abc", "null", "0", "eyJmb28iOiJiYXIifQ", "W10.AAAAAAAAAAAAAAAAAAAAAAAAAAA", "x" * 600]
)
def test_forged_cursor_is_422(client, alice, bob, path, signed_in, cursor):
    follow_ok(client, alice, "bob")
    like_ok(client, alice, post_video(client, bob))
    headers = alice.headers if signed_in else None
    body = assert_error(client.get(path, query_string={"cursor": cursor}, headers=headers), 422)
    assert "cursor" in body["errors"]["query"]


@pytest.mark.parametrize(("path", "signed_in"), VIDEO_LISTS)
def test_tampered_cursor_is_422(client, alice, bob, path, signed_in):
    follow_ok(client, alice, "bob")
    for _ in range(3):
        like_ok(client, alice, post_video(client, bob))
    headers = alice.headers if signed_in else None
    cursor = page(client, path, headers=headers, limit=1)["next_cursor"]
    assert cursor
    assert client.get(path, query_string={"cursor": cursor, "limit": 1}, headers=headers).status_code == 200
    for position in (0, len(cursor) // 2, len(cursor) - 1):
        if cursor[position] not in BASE64URL:
            position -= 1
        # Flip the top bit of a base64 digit: the low bits of the last one may be padding.
        swapped = BASE64URL[BASE64URL.index(cursor[position]) ^ 32]
        tampered = cursor[:position] + swapped + cursor[position + 1 :]
        body = assert_error(client.get(path, query_string={"cursor": tampered}, headers=headers), 422)
        assert "cursor" in body["errors"]["query"]
    body = assert_error(client.get(path, query_string={"cursor": cursor + "x"}, headers=headers), 422)
    assert "cursor" in body["errors"]["query"]


def test_cursor_of_one_list_is_rejected_by_another(client, alice, bob):
    follow_ok(client, alice, "bob")
    for _ in range(3):
        like_ok(client, alice, post_video(client, bob))
    cursors = {
        path: page(client, path, headers=alice.headers, limit=1)["next_cursor"] for path, _ in VIDEO_LISTS
    }
    cursors["for-you-anonymous"] = page(client, "/api/videos/for-you", limit=1)["next_cursor"]
    # Lists ordered by other keys must not accept each other's cursors.
    pairs = [
        ("/api/videos/for-you", "/api/videos"),
        ("/api/videos", "/api/videos/for-you"),
        ("/api/users/alice/likes", "/api/videos/for-you"),
        ("/api/videos/for-you", "/api/users/alice/likes"),
    ]
    for source, target in pairs:
        response = client.get(target, query_string={"cursor": cursors[source]}, headers=alice.headers)
        body = assert_error(response, 422)
        assert "cursor" in body["errors"]["query"]


def test_next_cursor_is_null_on_the_last_page_even_when_it_is_full(client, alice):
    made = [post_video(client, alice) for _ in range(4)]
    first = page(client, "/api/videos", limit=2)
    assert first["next_cursor"] is not None
    second = page(client, "/api/videos", limit=2, cursor=first["next_cursor"])
    assert [v["id"] for v in first["items"] + second["items"]] == made[::-1]
    assert second["next_cursor"] is None


def test_cursor_stays_valid_after_its_video_is_deleted(client, alice):
    made = [post_video(client, alice) for _ in range(5)]
    first = page(client, "/api/videos", limit=2)
    assert client.delete(f"/api/videos/{made[3]}", headers=alice.headers).status_code == 204
    rest = page(client, "/api/videos", limit=10, cursor=first["next_cursor"])
    assert [v["id"] for v in rest["items"]] == [made[2], made[1], made[0]]


# --- pagination: full walks ---------------------------------------------------------------------


def test_walk_videos_yields_every_item_once_newest_first(client, alice, bob):
    made = [post_video(client, alice if i % 3 else bob, f"#all n{i}") for i in range(9)]
    assert walk_ids(client, "/api/videos") == made[::-1]
    assert walk_ids(client, "/api/videos", limit=3) == made[::-1]
    assert walk_ids(client, "/api/videos", limit=1, hashtag="all") == made[::-1]
    assert (
        walk_ids(client, "/api/videos", author="bob") == [v for i, v in enumerate(made) if i % 3 == 0][::-1]
    )


def test_walk_videos_while_new_ones_are_created(client, alice, bob):
    made = [post_video(client, alice, "#walk") for _ in range(7)]
    created = []

    def create(_page):
        created.append(post_video(client, bob, "#walk"))
        created.append(post_video(client, alice, "#walk"))

    seen = walk_ids(client, "/api/videos", between=create)
    assert len(seen) == len(set(seen))
    assert [v for v in seen if v in made] == made[::-1]
    assert set(seen) - set(made) <= set(created)
    newest = created[-1]
    again = walk_ids(client, "/api/videos", between=create, hashtag="walk", q="walk")
    assert len(again) == len(set(again))
    assert again[0] == newest
    assert set(made) <= set(again)


def test_walk_videos_while_videos_are_liked_and_viewed(client, alice, bob):
    made = [post_video(client, alice) for _ in range(7)]

    def engage(number):
        like_ok(client, bob, made[number])
        assert client.post(f"/api/videos/{made[-1 - number]}/views").status_code == 204

    assert walk_ids(client, "/api/videos", between=engage) == made[::-1]


def test_walk_following_feed_while_new_ones_are_created(client, alice, bob, carol):
    follow_ok(client, alice, "bob")
    follow_ok(client, alice, "carol")
    made = [post_video(client, bob if i % 2 else carol) for i in range(7)]
    post_video(client, alice)

    def create(_page):
        post_video(client, bob)

    seen = walk_ids(client, "/api/videos/following", headers=alice.headers, between=create)
    assert len(seen) == len(set(seen))
    assert [v for v in seen if v in made] == made[::-1]


def test_walk_user_videos_while_new_ones_are_created(client, alice, bob):
    made = [post_video(client, bob) for _ in range(5)]
    post_video(client, alice)

    def create(_page):
        post_video(client, bob)

    seen = walk_ids(client, "/api/users/bob/videos", between=create)
    assert len(seen) == len(set(seen))
    assert [v for v in seen if v in made] == made[::-1]


def test_walk_user_likes_while_new_likes_arrive(client, alice, bob):
    made = [post_video(client, bob) for _ in range(9)]
    for video in made[:6]:
        like_ok(client, alice, video)
    later = iter(made[6:])

    def like_more(_page):
        like_ok(client, alice, next(later))

    seen = walk_ids(client, "/api/users/alice/likes", between=like_more)
    assert len(seen) == len(set(seen))
    assert [v for v in seen if v in made[:6]] == made[:6][::-1]


def test_walk_for_you_anonymous_yields_every_item_once_in_rank_order(client, alice, bob, carol):
    made = [post_video(client, alice if i % 2 else bob) for i in range(8)]
    like_ok(client, carol, made[0])
    like_ok(client, bob, made[0])
    like_ok(client, carol, made[2])
    full = ids(client, "/api/videos/for-you")
    assert sorted(full) == sorted(made)
    assert full[0] == made[0]
    assert walk_ids(client, "/api/videos/for-you") == full
    assert walk_ids(client, "/api/videos/for-you", limit=3) == full


def test_walk_for_you_signed_in_yields_every_item_once_in_rank_order(client, alice, bob, carol):
    follow_ok(client, alice, "carol")
    made = [post_video(client, [alice, bob, carol][i % 3]) for i in range(9)]
    like_ok(client, bob, made[1])
    full = ids(client, "/api/videos/for-you", headers=alice.headers)
    assert sorted(full) == sorted(made)
    by_carol = [v for i, v in enumerate(made) if i % 3 == 2]
    assert full[: len(by_carol)] == by_carol[::-1]  # boosted, newest first among equals
    assert walk_ids(client, "/api/videos/for-you", headers=alice.headers) == full


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_walk_for_you_while_likes_and_unlikes_happen_never_repeats(client, alice, bob, carol, signed_in):
    follow_ok(client, alice, "bob")
    made = [post_video(client, bob if i % 2 else carol) for i in range(10)]
    for video in made[:4]:
        like_ok(client, carol, video)
    headers = alice.headers if signed_in else None
    before = ids(client, "/api/videos/for-you", headers=headers)
    touched = set()

    def engage(number):
        lowest = before[-1 - number]
        seen = before[number]
        for video in (lowest, seen):
            like_ok(client, bob, video)
            like_ok(client, alice, video)
            touched.add(video)
        unlike_ok(client, carol, seen)
        unlike_ok(client, carol, before[0])
        touched.update({seen, before[0]})
        assert client.post(f"/api/videos/{lowest}/views").status_code == 204
        created.append(post_video(client, carol))

    created = []
    seen = walk_ids(client, "/api/videos/for-you", headers=headers, between=engage)
    assert len(seen) == len(set(seen)), f"repeated: {seen}"
    assert set(seen) <= set(made) | set(created)
    seen = [v for v in seen if v in made]
    # A video nobody touched during the walk keeps its place, so it is served exactly once.
    assert set(made) - touched <= set(seen)
    assert [v for v in seen if v not in touched] == [v for v in before if v not in touched]


# --- the SQL cost of a page -------------------------------------------------------------------------


@pytest.fixture
def crowded(client, alice, bob, carol):
    """Alice follows bob and carol, who posted 44 videos; alice liked 30 of them."""
    follow_ok(client, alice, "bob")
    follow_ok(client, alice, "carol")
    made = [post_video(client, bob if i % 2 else carol, f"#tag cat {i}") for i in range(44)]
    for video in made[:30]:
        like_ok(client, alice, video)
    for video in made[:5]:
        like_ok(client, bob, video)
        assert client.post(
            f"/api/videos/{video}/comments", json={"body": "hi"}, headers=carol.headers
        ).status_code
    return made


STATEMENT_CASES = [
    ("/api/videos", {}, False),
    ("/api/videos", {"hashtag": "tag"}, False),
    ("/api/videos", {"author": "bob"}, False),
    ("/api/videos", {"q": "cat"}, False),
    ("/api/videos/for-you", {}, False),
    ("/api/videos/for-you", {}, True),
    ("/api/videos/following", {}, True),
    ("/api/users/bob/videos", {}, False),
    ("/api/users/bob/videos", {}, True),
    ("/api/users/alice/likes", {}, False),
    ("/api/users/alice/likes", {}, True),
    ("/api/videos", {}, True),
]


@pytest.mark.parametrize(("path", "params", "signed_in"), STATEMENT_CASES)
def test_page_cost_does_not_grow_with_its_size_or_depth(
    client, alice, crowded, count_queries, path, params, signed_in
):
    headers = alice.headers if signed_in else None
    counts = {}
    for limit in (2, 20):
        with count_queries() as statements:
            body = page(client, path, headers=headers, limit=limit, **params)
        assert len(body["items"]) == limit
        counts[limit] = len(statements)
    # A deep page (through a cursor) costs the same as the first.
    first = page(client, path, headers=headers, limit=5, **params)
    with count_queries() as statements:
        deeper = page(client, path, headers=headers, limit=2, cursor=first["next_cursor"], **params)
    assert len(deeper["items"]) == 2
    counts["deep"] = len(statements)
    assert counts[2] == counts[20] == counts["deep"], counts
    if signed_in:
        assert counts[2] <= 3, counts
    else:
        assert counts[2] <= 2, counts


@pytest.mark.parametrize("path", ["/api/videos/{id}"])
def test_one_video_costs_a_fixed_number_of_statements(client, alice, crowded, count_queries, path):
    with count_queries() as statements:
        assert client.get(path.format(id=crowded[0]), headers=alice.headers).status_code == 200
    assert len(statements) <= 3
