"""API2:2023 Broken Authentication (docs/SECURITY.md §1, API2 rows).

Rows proven elsewhere (tests/test_auth.py):
- alg "none": test_unsigned_alg_none_token_is_401
- wrong key, tampered payload, expired token, no "Bearer": test_token_signed_with_another_key_is_401,
  test_tampered_payload_is_401, test_expired_access_token_is_401, test_malformed_authorization_header_is_401
- token type confusion: test_refresh_token_on_me_is_401, test_access_token_on_refresh_is_401
- revocation: test_logout_revokes_the_access_token, test_refresh_rotates_so_the_old_refresh_token_is_401,
  test_change_password_revokes_every_older_token
- deleted account: test_delete_me_removes_the_account_and_its_tokens
- user enumeration: test_login_with_unknown_user_and_wrong_password_give_identical_401 and
  test_login_with_unknown_user_verifies_exactly_one_password
- re-check of the password: test_change_password_with_wrong_current_is_401_and_changes_nothing,
  test_delete_me_with_wrong_password_is_401_and_keeps_the_account
Proven here: brute force (a per-account login limit, whichever the address), and one flow
through every revocation path.
"""

from tests.helpers import PASSWORD, assert_error, limit_of


def test_failed_logins_for_one_account_hit_a_limit_with_retry_after(limited_app, limited_client, alice):
    allowed = limit_of(limited_app, "RATELIMIT_LOGIN_ACCOUNT")
    for attempt in range(allowed):
        # Different addresses: the per-account limit holds whatever the client's IP.
        environ = {"REMOTE_ADDR": f"10.0.0.{attempt + 1}"}
        response = limited_client.post(
            "/api/auth/login", json={"login": "alice", "password": "wrong-password"}, environ_base=environ
        )
        assert_error(response, 401)
    # The next wrong guess, from yet another address and in another case, is refused.
    response = limited_client.post(
        "/api/auth/login",
        json={"login": " ALICE ", "password": "another-guess"},
        environ_base={"REMOTE_ADDR": "10.0.1.1"},
    )
    body = assert_error(response, 429)
    assert int(response.headers["Retry-After"]) > 0
    assert "attempts" in body["message"].lower()
    # So is the right password from an address that failed (tests/test_limits.py: the
    # owner, from an address that did not, still signs in).
    response = limited_client.post(
        "/api/auth/login",
        json={"login": "alice", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert_error(response, 429)
    # Another account is not affected.
    assert limited_client.post(
        "/api/auth/login", json={"login": "nobody", "password": "wrong-password"}, environ_base=environ
    ).status_code in (401, 429)


def test_every_revocation_path_gives_401(client, register):
    account = register("revoked")
    old_refresh = account["refresh_token"]
    refreshed = client.post("/api/auth/refresh", headers={"Authorization": f"Bearer {old_refresh}"})
    assert refreshed.status_code == 200
    # Replaying the rotated-out token is theft: the whole family goes (tests/test_auth.py).
    assert_error(client.post("/api/auth/refresh", headers={"Authorization": f"Bearer {old_refresh}"}), 401)
    family_access = refreshed.get_json()["access_token"]
    assert_error(client.get("/api/auth/me", headers={"Authorization": f"Bearer {family_access}"}), 401)

    signed_in = client.post("/api/auth/login", json={"login": "revoked", "password": PASSWORD}).get_json()
    access = signed_in["access_token"]
    assert client.post("/api/auth/logout", headers={"Authorization": f"Bearer {access}"}).status_code == 204
    assert_error(client.get("/api/auth/me", headers={"Authorization": f"Bearer {access}"}), 401)

    again = client.post("/api/auth/login", json={"login": "revoked", "password": PASSWORD}).get_json()
    body = {"current_password": PASSWORD, "new_password": "another password 1"}
    headers = {"Authorization": f"Bearer {again['access_token']}"}
    assert client.put("/api/auth/password", json=body, headers=headers).status_code == 204
    assert_error(client.get("/api/auth/me", headers=headers), 401)
    assert_error(
        client.post("/api/auth/refresh", headers={"Authorization": f"Bearer {again['refresh_token']}"}), 401
    )
