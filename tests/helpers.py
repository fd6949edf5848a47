"""Assertions shared by the test modules."""

ERROR_KEYS = {"code", "status", "message"}


def assert_error(response, code, field=None):
    """The contract's error shape; with ``field``, a validation error on that JSON field."""
    assert response.status_code == code, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert ERROR_KEYS <= set(body) <= ERROR_KEYS | {"errors"}
    assert body["code"] == code
    assert isinstance(body["status"], str) and body["status"]
    assert isinstance(body["message"], str) and body["message"]
    if field is not None:
        assert field in body["errors"]["json"], body
    return body
