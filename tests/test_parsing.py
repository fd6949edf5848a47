"""Bodies the parser cannot handle are a 400 or a 422, never a 500: JSON nested thousands of
levels deep, integers of thousands of digits, lone UTF-16 surrogates, NUL characters."""

import pytest

from tests.helpers import MP4, assert_error, link


def _send(client, method, path, raw, account=None):
    headers = account.headers if account else {}
    return client.open(path, method=method, data=raw, content_type="application/json", headers=headers)


DEEP = "[" * 20000 + "]" * 20000


@pytest.mark.parametrize("field", ["login", "password"])
def test_json_nested_thousands_of_levels_deep_is_400(client, field):
    other = "password" if field == "login" else "login"
    body = f'{{"{field}": {DEEP}, "{other}": "x"}}'
    assert_error(_send(client, "POST", "/api/auth/login", body), 400)


def test_deep_json_on_every_kind_of_body_is_400(client, alice):
    video_id = link(client, alice)["id"]
    for method, path in [
        ("POST", f"/api/videos/{video_id}/comments"),
        ("PATCH", f"/api/videos/{video_id}"),
        ("PATCH", "/api/auth/me"),
        ("POST", "/api/videos"),
    ]:
        assert_error(_send(client, method, path, DEEP, alice), 400)


@pytest.mark.parametrize("digits", [40, 4000, 5000, 100_000])
def test_integers_of_thousands_of_digits_are_400_or_422(client, alice, digits):
    video_id = link(client, alice)["id"]
    body = '{"body": "hi", "parent_id": NUMBER}'.replace("NUMBER", "9" * digits)
    response = _send(client, "POST", f"/api/videos/{video_id}/comments", body, alice)
    assert response.status_code in (400, 422), response.get_json()
    assert_error(response, response.status_code)


@pytest.mark.parametrize("surrogate", ["\\ud800", "\\udfff", "a\\udc00b", "\\ud83d"])
def test_lone_surrogates_in_any_string_field_are_400(client, alice, surrogate):
    video_id = link(client, alice)["id"]
    cases = [
        ("POST", f"/api/videos/{video_id}/comments", '{"body": "§"}'),
        ("PATCH", f"/api/videos/{video_id}", '{"caption": "#tag§"}'),
        ("PATCH", "/api/auth/me", '{"bio": "§"}'),
        ("PATCH", "/api/auth/me", '{"display_name": "§"}'),
        ("POST", "/api/videos", '{"video_url": "https://x.example/§"}'),
        ("POST", "/api/auth/login", '{"login": "§", "password": "password123"}'),
        (
            "POST",
            "/api/auth/register",
            '{"username": "b§", "email": "b@x.example", "password": "p4ssword"}',
        ),
        ("POST", "/api/auth/register", '{"§": 1}'),  # in a key
    ]
    for method, path, template in cases:
        assert_error(_send(client, method, path, template.replace("§", surrogate), alice), 400)


def test_a_surrogate_in_the_rate_limit_key_is_400(limited_client):
    response = _send(
        limited_client, "POST", "/api/auth/login", '{"login": "\\ud800", "password": "password123"}'
    )
    assert_error(response, 400)


def test_a_valid_surrogate_pair_is_a_character_and_accepted(client, alice):
    video_id = link(client, alice)["id"]
    response = _send(client, "POST", f"/api/videos/{video_id}/comments", '{"body": "\\ud83d\\ude00"}', alice)
    assert response.status_code == 201
    assert response.get_json()["body"] == "\U0001f600"


@pytest.mark.parametrize("value", ["%ED%A0%80", "%ff", "%C0%80"])
def test_undecodable_query_and_path_values_are_never_a_500(client, value):
    assert client.get(f"/api/videos?q={value}").status_code == 200
    assert client.get(f"/api/videos?hashtag=a{value}").status_code in (200, 422)
    assert client.get(f"/api/users?q={value}").status_code in (200, 422)
    assert client.get(f"/api/users/a{value}").status_code == 404


def test_nul_characters_stay_a_422(client, alice):
    video_id = link(client, alice)["id"]
    assert_error(
        _send(client, "POST", f"/api/videos/{video_id}/comments", '{"body": "a\\u0000b"}', alice), 422
    )


# --- text that grows when lower-cased -----------------------------------------------------

DOTTED_I = "\u0130"  # "İ": lower-cases to "i" + U+0307, two characters


def test_a_username_whose_lower_case_is_longer_than_the_column_is_a_422(client):
    response = client.post(
        "/api/auth/register",
        json={"username": DOTTED_I * 24, "email": "i@example.com", "password": "password 1"},
    )
    assert_error(response, 422, "username")
    short = client.post(
        "/api/auth/register",
        json={"username": DOTTED_I * 12, "email": "j@example.com", "password": "password 1"},
    )
    assert short.status_code == 201, short.get_json()
    assert client.get(f"/api/users/{DOTTED_I * 12}").status_code == 200


def test_an_email_whose_lower_case_is_longer_than_the_column_is_a_422(client):
    email = DOTTED_I * 200 + "@example.com"
    response = client.post(
        "/api/auth/register", json={"username": "dotted", "email": email, "password": "password 1"}
    )
    assert_error(response, 422, "email")


def test_other_texts_of_dotted_capitals_are_stored_as_typed(client, alice):
    me = client.patch(
        "/api/auth/me", json={"display_name": DOTTED_I * 30, "bio": DOTTED_I * 80}, headers=alice.headers
    )
    assert me.status_code == 200 and me.get_json()["bio"] == DOTTED_I * 80
    video = link(client, alice, caption="#" + DOTTED_I * 100 + " " + DOTTED_I * 2000)
    assert video["hashtags"] == [DOTTED_I.lower() * 100]
    comment = client.post(
        f"/api/videos/{video['id']}/comments", json={"body": DOTTED_I * 150}, headers=alice.headers
    )
    assert comment.status_code == 201
    assert client.get("/api/auth/login").status_code == 405
    assert_error(
        client.post("/api/auth/login", json={"login": DOTTED_I * 254, "password": "password 1"}), 401
    )


# --- malformed multipart bodies --------------------------------------------------------------


def _multipart(client, account, body, content_type):
    return client.post("/api/videos", data=body, headers={**account.headers, "Content-Type": content_type})


def _part(name, content, filename=None):
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    return (
        b"--B\r\nContent-Disposition: "
        + disposition.encode()
        + b"\r\nContent-Type: video/mp4\r\n\r\n"
        + content
        + b"\r\n"
    )


def test_a_multipart_body_without_a_closing_boundary_is_400(client, alice, tmp_media):
    body = _part("caption", b"hi") + _part("file", MP4, "a.mp4")  # no "--B--"
    assert_error(_multipart(client, alice, body, "multipart/form-data; boundary=B"), 400)
    assert list(tmp_media.iterdir()) == []


def test_a_multipart_body_without_a_boundary_parameter_is_400(client, alice):
    body = _part("file", MP4, "a.mp4") + b"--B--\r\n"
    assert_error(_multipart(client, alice, body, "multipart/form-data"), 400)


def test_a_second_file_part_is_a_422_not_dropped(client, alice, tmp_media):
    body = _part("file", MP4, "a.mp4") + _part("file", MP4, "b.mp4") + b"--B--\r\n"
    response = _multipart(client, alice, body, "multipart/form-data; boundary=B")
    assert_error(response, 422)
    assert "file" in response.get_json()["errors"]["files"]
    assert list(tmp_media.iterdir()) == []


def test_a_well_formed_multipart_upload_still_works(client, alice):
    body = _part("caption", b"hi") + _part("file", MP4, "a.mp4") + b"--B--\r\n"
    assert _multipart(client, alice, body, "multipart/form-data; boundary=B").status_code == 201


# --- scripts with combining marks, dots ---------------------------------------------------------


def _register(client, username):
    return client.post(
        "/api/auth/register",
        json={"username": username, "email": f"u{abs(hash(username))}@example.com", "password": "password 1"},
    )


@pytest.mark.parametrize("username", ["हिन्दी", "தமிழ்", "ภาษาไทย", "café", "a.b", "_x"])
def test_usernames_with_combining_vowel_signs_are_letters(client, username):
    response = _register(client, username)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["user"]["username"] == username


@pytest.mark.parametrize("username", ["...", ".alice", "alice.", "..", "\u0301ab", "a b", "a\n"])
def test_usernames_of_dots_or_starting_or_ending_with_one_or_a_mark_first_are_422(client, username):
    assert_error(_register(client, username), 422, "username")


def test_a_name_typed_decomposed_is_the_composed_one(client):
    assert _register(client, "cafe\u0301").get_json()["user"]["username"] == "caf\u00e9"
    assert _register(client, "caf\u00e9").status_code == 409


def test_hashtags_are_not_cut_at_combining_marks(client, alice):
    video = link(client, alice, caption="नमस्ते #हिन्दी #தமிழ் #cafe\u0301 done")
    assert video["hashtags"] == ["हिन्दी", "தமிழ்", "caf\u00e9"]
    found = client.get("/api/videos", query_string={"hashtag": "हिन्दी"}).get_json()["items"]
    assert [v["id"] for v in found] == [video["id"]]


# --- confusable usernames ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lookalike",
    [
        "\uff41\uff44\uff4d",  # full-width ａｄｍ
        "\U0001d41a\U0001d41d\U0001d426",  # mathematical bold 𝐚𝐝𝐦
        "\u0430dm",  # Cyrillic а, Latin dm
        "ADM",
        "ad\u217f",  # ROMAN NUMERAL ONE THOUSAND (ⅿ) for m
    ],
    ids=["full-width", "math-bold", "cyrillic-a", "upper-case", "roman-numeral"],
)
def test_a_username_confusable_with_an_existing_one_is_a_409(client, lookalike):
    assert _register(client, "adm").status_code == 201
    response = _register(client, lookalike)
    assert_error(response, 409, "username")
    assert client.get("/api/users", query_string={"q": "adm"}).get_json()["items"][0]["username"] == "adm"


def test_names_that_only_share_letters_are_not_confusable(client):
    assert _register(client, "adm").status_code == 201
    for other in ("adam", "adm_", "adm.x", "हिन्दी"):
        assert _register(client, other).status_code == 201, other
