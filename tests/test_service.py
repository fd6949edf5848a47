"""Errors and service endpoints against docs/API.md (Errors, Service) and docs/SECURITY.md (API8, API9)."""

import json
import re

import pytest

from app.auth import controllers
from tests.helpers import LEAKS, PASSWORD, assert_error

HTTP_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


# --- errors ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/nope", "/api/auth/nope", "/nope", "/api/users/alice/nope/deeper"])
def test_unknown_route_is_json_404(client, path):
    body = assert_error(client.get(path), 404)
    assert body["status"] == "Not Found"


def test_unknown_route_is_json_404_for_every_method(client):
    for method in ("post", "put", "patch", "delete"):
        assert_error(getattr(client, method)("/api/nope", json={}), 404)


@pytest.mark.parametrize(
    "method, path, allowed",
    [
        ("get", "/api/auth/login", {"POST"}),
        ("delete", "/api/auth/register", {"POST"}),
        ("get", "/api/auth/refresh", {"POST"}),
        ("put", "/api/auth/me", {"GET", "PATCH", "DELETE"}),
        ("post", "/api/auth/password", {"PUT"}),
        ("post", "/api/health", {"GET"}),
    ],
)
def test_wrong_method_is_json_405_with_allow_header(client, method, path, allowed):
    body = assert_error(getattr(client, method)(path), 405)
    assert body["status"] == "Method Not Allowed"
    header = {value.strip() for value in client.open(path, method=method.upper()).headers["Allow"].split(",")}
    assert allowed <= header


def test_wrong_method_is_405_also_with_a_body_and_a_token(client, alice):
    response = client.get("/api/auth/password", json={"x": 1}, headers=alice.headers)
    assert_error(response, 405)
    assert "PUT" in response.headers["Allow"]


@pytest.mark.parametrize("data", ['{"login": "alice", "password": ', "{bad json}", "{'a': 1}", "\xff\xfe"])
def test_malformed_json_is_400(client, data):
    response = client.post("/api/auth/login", data=data, content_type="application/json")
    assert_error(response, 400)


def test_malformed_json_on_an_authenticated_route_is_400(client, alice):
    response = client.patch(
        "/api/auth/me", data="{not json", content_type="application/json", headers=alice.headers
    )
    assert_error(response, 400)


def test_json_that_is_not_an_object_is_rejected(client):
    response = client.post("/api/auth/login", json=["alice", PASSWORD])
    assert_error(response, response.status_code)
    assert response.status_code in (400, 422)


def test_body_over_one_mebibyte_is_json_413(client):
    padding = "x" * (1024 * 1024 + 1)
    data = json.dumps({"login": "alice", "password": PASSWORD, "padding": padding})
    body = assert_error(client.post("/api/auth/login", data=data, content_type="application/json"), 413)
    assert body["status"] == "Content Too Large" or body["status"] == "Request Entity Too Large"


def test_two_mebibyte_body_to_register_is_json_413(client):
    data = json.dumps({"username": "alice", "email": "a@example.com", "password": "x" * (2 * 1024 * 1024)})
    assert_error(client.post("/api/auth/register", data=data, content_type="application/json"), 413)


def test_body_just_under_the_limit_is_not_413(client):
    data = json.dumps({"login": "alice", "password": PASSWORD, "padding": "x" * (1024 * 1024 - 100)})
    response = client.post("/api/auth/login", data=data, content_type="application/json")
    assert response.status_code == 422  # read and validated: "padding" is an unknown field


def test_unexpected_exception_is_json_500_without_details(client, alice, monkeypatch):
    def explode(*_args, **_kwargs):
        raise RuntimeError("boom: SELECT password_hash FROM users -- sqlalchemy psycopg2")

    monkeypatch.setattr(controllers, "login", explode)
    response = client.post("/api/auth/login", json={"login": "alice", "password": PASSWORD})
    body = assert_error(response, 500)
    assert body["status"] == "Internal Server Error"
    text = response.get_data(as_text=True)
    assert "boom" not in text and "SELECT" not in text and "password_hash" not in text
    for leak in LEAKS:
        assert leak not in text


def test_unexpected_exception_on_an_authenticated_route_is_json_500(client, alice, monkeypatch):
    def explode(*_args, **_kwargs):
        raise KeyError("secret detail")

    monkeypatch.setattr(controllers, "update_profile", explode)
    response = client.patch("/api/auth/me", json={"bio": "x"}, headers=alice.headers)
    assert_error(response, 500)
    assert "secret detail" not in response.get_data(as_text=True)
    # The app keeps serving afterwards.
    monkeypatch.undo()
    assert client.get("/api/auth/me", headers=alice.headers).status_code == 200


def _id_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        and rule.arguments
        and all(type(rule._converters[name]).__name__ == "IdConverter" for name in rule.arguments)
    ]


BEYOND_64_BITS = [str(2**63), str(2**64), "9" * 20]


@pytest.mark.parametrize("number", [*BEYOND_64_BITS, "0"])
def test_integer_path_id_beyond_64_bits_is_404(app, client, number):
    rules = [rule for rule in _id_rules(app) if "GET" in rule.methods]
    if not rules:
        pytest.skip("no route with an integer id exists yet")
    for rule in rules:
        path = re.sub(r"<[^>]+>", number, rule.rule)
        assert_error(client.get(path), 404)


def test_integer_path_id_of_more_than_19_digits_is_404_for_every_method(app, client):
    rules = _id_rules(app)
    if not rules:
        pytest.skip("no route with an integer id exists yet")
    for rule in rules:
        path = re.sub(r"<[^>]+>", "9" * 20, rule.rule)
        for method in sorted(rule.methods & HTTP_METHODS):
            assert_error(client.open(path, method=method), 404)


@pytest.mark.parametrize("number", [str(2**63), "0"])
def test_integer_path_id_beyond_64_bits_is_404_for_every_method(app, client, number):
    rules = _id_rules(app)
    if not rules:
        pytest.skip("no route with an integer id exists yet")
    for rule in rules:
        path = re.sub(r"<[^>]+>", number, rule.rule)
        for method in sorted(rule.methods & HTTP_METHODS):
            assert_error(client.open(path, method=method), 404)


def test_empty_body_with_json_content_type_is_400(client, alice):
    response = client.patch("/api/auth/me", data="", content_type="application/json", headers=alice.headers)
    assert_error(response, 400)
    response = client.post("/api/auth/login", data="", content_type="application/json")
    assert_error(response, 400)


# --- health, OpenAPI, docs ---------------------------------------------------------


def test_health_reports_ok(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "database": "ok",
        "redis": "off",  # the testing config turns rate limits off
        "task_queue": "inline",
        "object_storage": "ok",
    }


def _spec(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def _flask_to_openapi(rule):
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def test_openapi_document_is_valid_json_openapi_3(client):
    spec = _spec(client)
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] and spec["info"]["version"]
    assert spec["paths"]


def test_openapi_lists_every_api_route_and_nothing_else(app, client):
    spec = _spec(client)
    documented = {
        (path, method.upper())
        for path, operations in spec["paths"].items()
        for method in operations
        if method.upper() in HTTP_METHODS
    }
    routed = {
        (_flask_to_openapi(rule.rule), method)
        for rule in app.url_map.iter_rules()
        # The development media server is documented too (app/storage.py).
        if (rule.rule + "/").startswith("/api/")
        and not rule.endpoint.startswith(("api-docs.", "docs."))
        or rule.endpoint == "media.serve"
        for method in rule.methods & HTTP_METHODS
    }
    assert routed - documented == set(), "routes missing from the spec"
    assert documented - routed == set(), "spec operations without a route"
    for path in [
        "/api/auth/register",
        "/api/auth/login",
        "/api/auth/refresh",
        "/api/auth/logout",
        "/api/auth/me",
        "/api/auth/password",
        "/api/health",
    ]:
        assert path in spec["paths"]


def test_openapi_operations_have_no_default_response(client):
    spec = _spec(client)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method.upper() not in HTTP_METHODS:
                continue
            assert "default" not in operation["responses"], f"{method.upper()} {path}"
            assert operation["responses"], f"{method.upper()} {path}"


def test_openapi_documents_auth_and_error_statuses(client):
    spec = _spec(client)
    me = spec["paths"]["/api/auth/me"]
    assert "401" in me["get"]["responses"]
    assert me["get"].get("security")
    login = spec["paths"]["/api/auth/login"]["post"]["responses"]
    assert {"200", "401", "422"} <= set(login)
    assert "409" in spec["paths"]["/api/auth/register"]["post"]["responses"]
    assert "201" in spec["paths"]["/api/auth/register"]["post"]["responses"]
    schemes = spec["components"]["securitySchemes"]
    assert any(scheme.get("scheme") == "bearer" for scheme in schemes.values())


def test_no_cli_functions_are_reachable_over_http(app):
    for rule in app.url_map.iter_rules():
        assert not re.search(r"/(seed|db|recount)(/|$)", rule.rule), rule.rule


def test_docs_page_is_html(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    text = response.get_data(as_text=True).lower()
    assert "<html" in text
    assert "openapi.json" in text


# --- reads without a transaction (app/database.py) ----------------------------------------


def test_reads_run_in_autocommit_and_writes_in_a_transaction(app, client, alice, is_postgres):
    """GETs skip BEGIN/ROLLBACK; a write that follows on the same pooled connection must
    be transactional again, or a failure halfway would leave half a write."""
    import sqlalchemy as sa

    from app.extensions import db

    if not is_postgres:
        pytest.skip("SQLite keeps its transactions (no round trips to save)")
    seen = []

    def record(conn, _cursor, statement, *_):
        seen.append((statement.split()[0], conn.connection.dbapi_connection.autocommit))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        for _ in range(2):
            seen.clear()
            assert client.get("/api/videos", headers=alice.headers).status_code == 200
            assert seen and all(autocommit for _, autocommit in seen), seen
            seen.clear()
            response = client.post(
                "/api/videos", json={"video_url": "https://cdn.example.com/a.mp4"}, headers=alice.headers
            )
            assert response.status_code == 201
            assert any(verb == "INSERT" for verb, _ in seen)
            assert not any(autocommit for _, autocommit in seen), seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
