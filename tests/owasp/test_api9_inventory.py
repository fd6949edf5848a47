"""API9:2023 Improper Inventory Management (docs/SECURITY.md §1, API9 row).

Rows proven elsewhere: routes and spec agree both ways,
tests/test_service.py::test_openapi_lists_every_api_route_and_nothing_else; no catch-all
``default`` response, ::test_openapi_operations_have_no_default_response; every status the
code returns is declared, tests/test_openapi_fuzz.py (in-process) and fuzz/run.sh (gunicorn),
whose status_code_conformance check fails on any undeclared status.
Proven here: every operation has an operationId and declares the statuses its decorators imply.
"""


def _operations(client):
    spec = client.get("/api/openapi.json").get_json()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                yield method.upper(), path, operation


def test_every_operation_is_named_and_declares_503(client):
    ids = set()
    for method, path, operation in _operations(client):
        assert operation.get("operationId"), (method, path)
        ids.add(operation["operationId"])
        # The development media server reads a local file: nothing there can be unavailable.
        assert "503" in operation["responses"] or path == "/media/{name}", (method, path)
    assert len(ids) == len(list(_operations(client)))
    assert {"logout", "changePassword", "deleteMe"} <= ids


def test_operations_with_a_token_declare_401_and_those_with_a_body_declare_413(client):
    for method, path, operation in _operations(client):
        if operation.get("security"):
            assert "401" in operation["responses"], (method, path)
        if "requestBody" in operation:
            assert {"413", "422"} <= set(operation["responses"]), (method, path)
        if "{" in path and method != "POST" or path.endswith("/like") or path.endswith("/follow"):
            assert "404" in operation["responses"], (method, path)
