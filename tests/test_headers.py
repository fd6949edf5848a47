"""Response headers: nosniff on JSON, no-store on private data, a CSP on the docs page, and
Retry-After on 429 and 503 only (with the app's own value on a 503)."""

import pytest

from app.security import passwords
from tests.helpers import MP4, PASSWORD, Account, assert_error, upload


@pytest.mark.parametrize("path", ["/api/videos", "/api/health", "/api/nowhere", "/api/openapi.json"])
def test_json_responses_are_nosniff(client, path):
    response = client.get(path)
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_private_data_is_no_store_and_public_lists_are_not(client, alice):
    for response in (
        client.get("/api/auth/me", headers=alice.headers),
        client.patch("/api/auth/me", json={"bio": "hi"}, headers=alice.headers),
    ):
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/api/videos").headers.get("Cache-Control", "")


def test_the_docs_page_has_a_content_security_policy_that_allows_its_own_script(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "'sha256-" in policy and "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
    # Swagger UI's files come from this origin (app/docs): no third party may run script.
    assert "script-src 'self'" in policy and "https://" not in policy


def test_no_retry_after_on_successes_with_limits_on(limited_app, limited_client):
    registered = limited_client.post(
        "/api/auth/register", json={"username": "ana", "email": "ana@example.com", "password": PASSWORD}
    )
    assert registered.status_code == 201
    assert "Retry-After" not in registered.headers
    uploaded = upload(limited_client, Account(registered.get_json()), MP4)
    assert uploaded.status_code == 201, uploaded.get_json()
    assert "Retry-After" not in uploaded.headers
    logged_in = limited_client.post("/api/auth/login", json={"login": "ana", "password": PASSWORD})
    assert logged_in.status_code == 200 and "Retry-After" not in logged_in.headers


def test_a_503_keeps_the_apps_retry_after_not_the_limiters_window(limited_app, limited_client):
    taken = []
    while (slot := passwords.slots.try_acquire()) is not None:
        taken.append(slot)
    try:
        response = limited_client.post(
            "/api/auth/register", json={"username": "bea", "email": "bea@example.com", "password": PASSWORD}
        )
    finally:
        for slot in taken:
            passwords.slots.release(slot)
    assert_error(response, 503)
    assert response.headers["Retry-After"] == "1"  # not the register limit's hour


# --- redirects and the client's Host -----------------------------------------------------------


def test_merged_slashes_are_no_redirect_to_the_clients_host(client):
    for headers in ({"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"}):
        # The request line's path as sent (the test client would read "//api" as a host).
        response = client.get("/", environ_overrides={"PATH_INFO": "//api//videos"}, headers=headers)
        assert response.status_code == 404
        assert "Location" not in response.headers
        assert "evil.example" not in response.get_data(as_text=True)


def test_no_route_of_the_api_redirects(client, alice):
    for path in ("/api/videos/", "/api/auth/me/", "/api//health", "/api/docs/"):
        response = client.get(path, headers={**alice.headers, "Host": "evil.example"})
        assert response.status_code not in (301, 302, 303, 307, 308), (path, response.headers)


def test_hosts_outside_trusted_hosts_are_refused(limited_app_factory):
    app = limited_app_factory(RATELIMIT_ENABLED=False, TRUSTED_HOSTS=["api.example.com"], PROXY_HOPS=1)
    client = app.test_client()
    assert client.get("/api/health", headers={"Host": "api.example.com"}).status_code == 200
    refused = client.get("/api/health", headers={"Host": "evil.example"})
    assert refused.status_code == 400 and refused.is_json and refused.get_json()["code"] == 400
    forwarded = client.get(
        "/api/health", headers={"Host": "api.example.com", "X-Forwarded-Host": "evil.example"}
    )
    assert forwarded.status_code == 400
