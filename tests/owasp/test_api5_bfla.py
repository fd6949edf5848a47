"""API5:2023 Broken Function Level Authorization (docs/SECURITY.md §1, API5 rows).

Rows proven elsewhere: CLI functions are not routes,
tests/test_service.py::test_no_cli_functions_are_reachable_over_http;
405 with Allow on the auth routes, tests/test_service.py::test_wrong_method_is_json_405_with_allow_header.
Proven here: the three requests of the checklist, and that no admin-like route exists.
"""

import re

import pytest

from tests.helpers import assert_error, link


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/api/users/alice", {"GET"}),
        ("PUT", "/api/videos/{id}", {"GET", "PATCH", "DELETE"}),
        ("TRACE", "/api/videos", {"GET", "POST"}),
        ("PUT", "/api/users/alice/follow", {"POST", "DELETE"}),
        ("PATCH", "/api/comments/1", {"DELETE"}),
    ],
)
def test_closed_methods_are_json_405_with_allow(client, alice, method, path, allowed):
    video = link(client, alice, "clip")
    response = client.open(path.format(id=video["id"]), method=method, headers=alice.headers)
    assert_error(response, 405)
    assert allowed <= {value.strip() for value in response.headers["Allow"].split(",")}
    assert client.get("/api/users/alice").status_code == 200
    assert client.get(f"/api/videos/{video['id']}").status_code == 200


def test_no_admin_or_internal_routes(app):
    for rule in app.url_map.iter_rules():
        assert not re.search(r"admin|internal|debug|seed|recount|/db(/|$)", rule.rule), rule.rule
