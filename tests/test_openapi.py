"""The OpenAPI document meets the bar generated clients need (app/openapi.py).

Each rule is checked over the whole document, so an endpoint added later meets it too.
"""

import pytest

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def spec(app):
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield f"{method.upper()} {path}", operation


def _ref_name(ref):
    return ref.rsplit("/", 1)[-1]


def _refs(node):
    """Every schema name referenced anywhere under ``node``."""
    if isinstance(node, dict):
        if "$ref" in node and node["$ref"].startswith("#/components/schemas/"):
            yield _ref_name(node["$ref"])
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def response_schemas(spec):
    """The schemas responses use, with the ones they nest."""
    schemas = spec["components"]["schemas"]
    seen, todo = set(), [name for _, op in operations(spec) for name in _refs(op["responses"])]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_refs(schemas[name]))
    return seen


def test_every_field_of_a_response_is_required(spec):
    schemas = spec["components"]["schemas"]
    names = response_schemas(spec)
    assert {"Video", "UserSummary", "Me", "Error", "VideoPage"} <= names
    for name in names:
        properties = {
            field
            for field, prop in schemas[name].get("properties", {}).items()
            # A field sent only in some cases says when (a target's id or username).
            if "x-present-when" not in prop
        }
        if name == "Error":  # `errors` is sent on validation failures only
            properties.discard("errors")
        assert properties <= set(schemas[name].get("required", [])), name


def test_nullable_fields_say_so(spec):
    video = spec["components"]["schemas"]["Video"]["properties"]
    for name in ("thumbnail_url", "duration", "width", "height", "processing_error", "liked_by_me"):
        assert video[name].get("nullable") is True, name
    assert "nullable" not in video["id"]
    for name in ("bookmarked_by_me", "is_following_author"):
        assert video[name].get("nullable") is True, name
    assert spec["components"]["schemas"]["Comment"]["properties"]["liked_by_me"]["nullable"] is True


def test_a_nested_object_that_may_be_null_is_that_schema_or_null(spec):
    notification = spec["components"]["schemas"]["Notification"]["properties"]
    for name, schema in (
        ("actor", "UserSummary"),
        ("video", "NotificationVideo"),
        ("comment", "NotificationComment"),
    ):
        assert notification[name]["allOf"] == [{"$ref": f"#/components/schemas/{schema}"}], name
        assert notification[name]["nullable"] is True and "anyOf" not in notification[name]


def test_request_fields_have_no_default_but_say_it(spec):
    # Generators turn a `default` into a required property.
    schemas = spec["components"]["schemas"]
    for name in set(schemas) - response_schemas(spec):
        for field, prop in schemas[name].get("properties", {}).items():
            assert "default" not in prop, f"{name}.{field}"
    for label, operation in operations(spec):
        for parameter in operation.get("parameters", []):
            parameter = _resolve(spec, parameter)  # the shared limit and cursor too
            assert "default" not in parameter.get("schema", {}), f"{label} {parameter['name']}"
    caption = schemas["VideoLink"]["properties"]["caption"]
    assert "Default: the empty string." in caption["description"]


def test_integers_are_int64(spec):
    for name, schema in spec["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            if prop.get("type") == "integer":
                assert prop.get("format") == "int64", f"{name}.{field}"


def test_public_operations_say_no_security_and_the_refresh_token_has_its_own_scheme(spec):
    by_label = dict(operations(spec))
    for label in ("POST /api/auth/register", "POST /api/auth/login", "GET /api/health"):
        assert by_label[label]["security"] == [], label
    assert by_label["POST /api/auth/refresh"]["security"] == [{"RefreshAuth": []}]
    assert by_label["GET /api/auth/me"]["security"] == [{"BearerAuth": []}]
    assert by_label["GET /api/videos"]["security"] == [{}, {"BearerAuth": []}]
    schemes = spec["components"]["securitySchemes"]
    assert set(schemes) == {"BearerAuth", "RefreshAuth"}
    for label, operation in operations(spec):
        assert "security" in operation, label


def test_429_and_503_declare_retry_after_and_every_operation_documents_500(spec):
    for label, operation in operations(spec):
        responses = operation["responses"]
        assert "500" in responses, label
        # The development media server reads a local file, nothing it could find unavailable.
        assert "503" in responses or label == "GET /media/{name}", label
        for code in ("429", "503"):
            if code in responses:
                assert "Retry-After" in responses[code]["headers"], f"{label} {code}"


def test_the_document_names_its_servers_license_and_has_no_unused_schema(spec):
    assert spec["servers"] and spec["servers"][0]["url"]
    assert spec["info"]["license"]["name"] == "MIT"
    assert spec["info"]["description"]
    assert "PaginationMetadata" not in spec["components"]["schemas"]
    used = {name for name in _refs({"paths": spec["paths"]})}
    schemas = spec["components"]["schemas"]
    todo = list(used)
    while todo:
        for name in _refs(schemas[todo.pop()]):
            if name not in used:
                used.add(name)
                todo.append(name)
    assert set(schemas) == used


def test_token_responses_carry_their_type_and_lifetime(client, app, alice):
    body = alice
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == int(app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds())
    refreshed = client.post(
        "/api/auth/refresh", headers={"Authorization": f"Bearer {body['refresh_token']}"}
    ).get_json()
    assert refreshed["token_type"] == "Bearer" and refreshed["expires_in"] == body["expires_in"]


def test_every_post_takes_an_idempotency_key_with_its_409_and_422(spec):
    for label, operation in operations(spec):
        if label.startswith("POST "):
            names = [parameter["name"] for parameter in operation.get("parameters", [])]
            assert "Idempotency-Key" in names, label
            assert {"409", "422"} <= set(operation["responses"]), label


# Published: generated SDKs name their methods after these. Change one only on purpose,
# as a breaking change of every client; a new operation adds its line.
OPERATION_IDS = {
    "POST /api/auth/register": "register",
    "POST /api/auth/login": "login",
    "POST /api/auth/refresh": "refreshTokens",
    "POST /api/auth/logout": "logout",
    "GET /api/auth/me": "getMe",
    "PATCH /api/auth/me": "updateMe",
    "DELETE /api/auth/me": "deleteMe",
    "PUT /api/auth/password": "changePassword",
    "POST /api/auth/password-reset": "requestPasswordReset",
    "POST /api/auth/password-reset/confirm": "confirmPasswordReset",
    "POST /api/auth/email/verify": "verifyEmail",
    "POST /api/auth/email/verification": "requestEmailVerification",
    "POST /api/auth/terms": "acceptTerms",
    "POST /api/me/export": "requestExport",
    "GET /api/me/export": "getExport",
    "GET /api/exports/{export_id}/archive": "downloadExport",
    "POST /api/videos": "createVideo",
    "GET /api/videos": "listVideos",
    "GET /api/videos/for-you": "getForYouFeed",
    "GET /api/videos/following": "getFollowingFeed",
    "GET /api/videos/{video_id}": "getVideo",
    "PATCH /api/videos/{video_id}": "updateVideo",
    "DELETE /api/videos/{video_id}": "deleteVideo",
    "POST /api/videos/{video_id}/views": "recordView",
    "POST /api/uploads": "createUpload",
    "GET /api/uploads/{upload_id}": "getUpload",
    "DELETE /api/uploads/{upload_id}": "abortUpload",
    "PUT /api/uploads/{upload_id}/parts/{number}": "putUploadPart",
    "POST /api/uploads/{upload_id}/complete": "completeUpload",
    "POST /api/videos/{video_id}/like": "likeVideo",
    "DELETE /api/videos/{video_id}/like": "unlikeVideo",
    "GET /api/videos/{video_id}/likes": "listVideoLikers",
    "GET /api/videos/{video_id}/comments": "listComments",
    "POST /api/videos/{video_id}/comments": "addComment",
    "GET /api/comments/{comment_id}/replies": "listReplies",
    "DELETE /api/comments/{comment_id}": "deleteComment",
    "GET /api/users": "searchUsers",
    "GET /api/users/{username}": "getUser",
    "GET /api/users/{username}/videos": "listUserVideos",
    "GET /api/users/{username}/likes": "listUserLikes",
    "GET /api/users/{username}/followers": "listFollowers",
    "GET /api/users/{username}/following": "listFollowing",
    "POST /api/users/{username}/follow": "followUser",
    "DELETE /api/users/{username}/follow": "unfollowUser",
    "POST /api/users/{username}/block": "blockUser",
    "DELETE /api/users/{username}/block": "unblockUser",
    "POST /api/users/{username}/mute": "muteUser",
    "DELETE /api/users/{username}/mute": "unmuteUser",
    "GET /api/me/blocks": "listBlocks",
    "GET /api/me/mutes": "listMutes",
    "GET /api/me/follow-requests": "listFollowRequests",
    "POST /api/me/follow-requests/{username}": "approveFollowRequest",
    "DELETE /api/me/follow-requests/{username}": "declineFollowRequest",
    "POST /api/reports": "createReport",
    "GET /api/reports": "listOwnReports",
    "GET /api/moderation/reports": "listModerationQueue",
    "POST /api/moderation/reports/{report_id}/resolve": "resolveReport",
    "POST /api/moderation/videos/{video_id}/removal": "removeVideo",
    "DELETE /api/moderation/videos/{video_id}/removal": "restoreVideo",
    "POST /api/moderation/comments/{comment_id}/removal": "removeComment",
    "DELETE /api/moderation/comments/{comment_id}/removal": "restoreComment",
    "POST /api/moderation/users/{username}/suspension": "suspendUser",
    "DELETE /api/moderation/users/{username}/suspension": "liftSuspension",
    "GET /api/moderation/audit": "listAuditLog",
    "GET /api/moderation/blocked-terms": "listBlockedTerms",
    "POST /api/moderation/blocked-terms": "addBlockedTerm",
    "DELETE /api/moderation/blocked-terms/{term_id}": "removeBlockedTerm",
    "GET /api/instance": "getInstance",
    "GET /api": "getApiIndex",
    "GET /api/health": "getHealth",
    "POST /api/videos/{video_id}/bookmark": "bookmarkVideo",
    "DELETE /api/videos/{video_id}/bookmark": "unbookmarkVideo",
    "GET /api/me/bookmarks": "listBookmarks",
    "POST /api/videos/{video_id}/shares": "shareVideo",
    "GET /api/comments/{comment_id}": "getComment",
    "POST /api/comments/{comment_id}/like": "likeComment",
    "DELETE /api/comments/{comment_id}/like": "unlikeComment",
    "POST /api/comments/{comment_id}/pin": "pinComment",
    "DELETE /api/comments/{comment_id}/pin": "unpinComment",
    "GET /api/hashtags/trending": "listTrendingHashtags",
    "GET /api/hashtags/{tag}": "getHashtag",
    "GET /api/notifications": "listNotifications",
    "GET /api/notifications/unread-count": "getUnreadCount",
    "POST /api/notifications/read": "markNotificationsRead",
    "GET /api/users/suggested": "listSuggestedUsers",
    "GET /media/{name}": "getMediaFile",
}


def test_operation_ids_are_readable_and_pinned(spec):
    ids = {label: operation["operationId"] for label, operation in operations(spec)}
    assert ids == OPERATION_IDS
    assert len(set(ids.values())) == len(ids)


def test_profile_operations_are_under_the_users_tag(spec):
    for label, operation in operations(spec):
        if label.split(" ", 1)[1].startswith("/api/users"):
            assert operation["tags"] == ["users"], label


def _resolve(spec, node):
    """A parameter or schema itself, following one `$ref` into components."""
    if "$ref" in node:
        _, _, kind, name = node["$ref"].split("/")
        return spec["components"][kind][name]
    return node


def _parameters(spec, path_item, operation):
    for parameter in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
        yield _resolve(spec, parameter)


def test_every_operation_and_every_parameter_has_a_description(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            label = f"{method.upper()} {path}"
            assert operation.get("summary") and operation.get("description"), label
            for parameter in _parameters(spec, item, operation):
                assert parameter.get("description"), f"{label} {parameter['in']} {parameter['name']}"


def test_every_list_references_the_shared_limit_and_cursor(spec):
    assert set(spec["components"]["parameters"]) == {"Limit", "Cursor"}
    lists = 0
    for label, operation in operations(spec):
        content = operation["responses"].get("200", {}).get("content", {}).get("application/json", {})
        if not content.get("schema", {}).get("$ref", "").endswith("Page"):
            continue
        lists += 1
        refs = [parameter.get("$ref") for parameter in operation.get("parameters", [])]
        assert {"#/components/parameters/Limit", "#/components/parameters/Cursor"} <= set(refs), label
        inline = {
            parameter.get("name") for parameter in operation.get("parameters", []) if "$ref" not in parameter
        }
        assert not inline & {"limit", "cursor"}, label
    assert lists >= 20


def _exemplified(spec, schema):
    """Whether a client or the docs can show a whole example of ``schema``: its own, or one
    for every property (an enum's values and a file's bytes speak for themselves)."""
    schema = _resolve(spec, schema)
    if {"example", "examples", "enum"} & set(schema) or schema.get("format") == "binary":
        return True
    if "allOf" in schema:
        return all(_exemplified(spec, part) for part in schema["allOf"])
    if schema.get("type") == "array":
        return _exemplified(spec, schema["items"])
    properties = schema.get("properties")
    return bool(properties) and all(_exemplified(spec, prop) for prop in properties.values())


def test_every_request_body_and_every_2xx_response_has_an_example(spec):
    bodies = responses = 0
    for label, operation in operations(spec):
        for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
            bodies += 1
            assert "example" in content or _exemplified(spec, content["schema"]), f"{label} {media_type}"
        for status, response in operation["responses"].items():
            if status.startswith("2"):
                for media_type, content in response.get("content", {}).items():
                    responses += 1
                    assert "example" in content or _exemplified(spec, content["schema"]), (
                        f"{label} {status} {media_type}"
                    )
    assert bodies >= 25 and responses >= 75


def test_url_fields_are_uris_and_request_urls_iris_with_the_http_pattern(spec):
    from app.schemas import HTTP_URL_PATTERN

    requests = set(spec["components"]["schemas"]) - response_schemas(spec)
    checked = set()
    for name, schema in spec["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            if field == "url" or field.endswith("_url"):
                checked.add(f"{name}.{field}")
                # Requests take IRIs (international hosts and paths); what the API hands back
                # is always their URI form (app/schemas.py ascii_url).
                assert prop.get("format") == ("iri" if name in requests else "uri"), f"{name}.{field}"
                if name in requests:
                    assert prop.get("pattern") == HTTP_URL_PATTERN, f"{name}.{field}"
    assert {
        "Video.video_url",
        "Video.thumbnail_url",
        "UserSummary.avatar_url",
        "Export.url",
        "UploadPart.url",
        "VideoLink.video_url",
        "ProfileUpdate.avatar_url",
    } <= checked


def _document_accepts(spec, schema_name, field):
    # jsonschema_rs (schemathesis' validator, in the dev lock): ECMA-262 patterns in
    # Unicode mode, as JSON Schema validators and generated clients read them.
    import jsonschema_rs

    prop = {
        key: value
        for key, value in spec["components"]["schemas"][schema_name]["properties"][field].items()
        if key in ("type", "minLength", "maxLength", "pattern")
    }
    return jsonschema_rs.validator_for(prop).is_valid


# Trimmed, composed (NFC) values: the server trims and composes before it checks, the
# pattern describes what it then accepts.
USERNAMES = [
    "maya.lens",
    "ab",
    "_x",
    "__",
    "a_",
    "a.b",
    "a..b",
    "A" * 24,
    "A" * 25,
    "a",
    ".ab",
    "ab.",
    ".",
    "ümit",
    "Ǆemal",
    "ß",
    "हिन्दी",
    "தமிழ்",
    "ไทย",
    "名前",
    "١٢",
    "x½",
    "Ⅻx",
    "𝐚𝐝𝐦",
    "ab\u0301",
    "\u0301ab",
    "a b",
    "a-b",
    "a@b",
    "a\u00b7b",
    "ab😀",
    "😀ab",
    "a\tb",
    "a\u200db",
    "0",
    "00",
]


def test_the_username_pattern_agrees_with_the_server(spec):
    from app.auth.schemas import RegisterSchema

    document = _document_accepts(spec, "Register", "username")
    for username in USERNAMES:
        errors = RegisterSchema().validate(
            {"username": username, "email": "a@example.com", "password": "x" * 8}
        )
        assert document(username) == ("username" not in errors), repr(username)
    # The one rule a pattern cannot say: the lower-cased name must fit 24 characters too
    # ("İ" lower-cases to two), so the server also refuses 13 to 24 of them.
    assert document("İ" * 24) and "username" in RegisterSchema().validate({"username": "İ" * 24})


URLS = [
    "https://example.com",
    "https://example.com/",
    "http://localhost:5000/media/a.mp4",
    "https://cdn.example.com/v/a.mp4?x=1&y=%20#t=3",
    "HTTPS://EXAMPLE.COM/A",
    "Http://example.com",
    "http://intranet/video.mp4",
    "http://127.0.0.1:8080/x",
    "http://[::1]:5000/x",
    "https://user:pa%20ss@example.com/x",
    "http://ſ@example.com/",
    "https://例え.jp/動画.mp4",
    "http://example.com./x",
    "http://a.b.c.d.e.f",
    "http://١٢٣.١.١.١/",
    "http://example.com:٨٠/",
    "https://xn--bcher-kva.example/",
    "https://example.museum",
    "https://a-b.example.com",
    "ftp://example.com/a",
    "https://",
    "example.com/a.mp4",
    "//example.com/a",
    "javascript:alert(1)",
    "https://example.com/a b",
    "https://-bad.example.com/",
    "https://exa_mple.com/",
    "https://example.com:port/",
    "https://example.com/\u3000x",
    "https://example.com/x\u0085y",
    "https://example.com/x\u001fy",
    "https://example.com/x\ufeffy",
    "https://example.com?q",
    "https://example.com#f",
    "https:/example.com",
    "https://exa mple.com",
    "https://example.com/" + "a" * 2030,
    "https://example.com/" + "a" * 2040,
    "http://999.1.1.1/",
    "https://[zz::1]/",
    "https://a.b/\u00a0x",
]


def test_the_url_pattern_agrees_with_the_server(spec):
    from app.videos.schemas import VideoLinkSchema

    document = _document_accepts(spec, "VideoLink", "video_url")
    for url in URLS:
        errors = VideoLinkSchema().validate({"video_url": url})
        assert document(url) == ("video_url" not in errors), repr(url)


def test_the_development_media_server_is_documented_with_its_range_responses(spec):
    operation = spec["paths"]["/media/{name}"]["get"]
    assert operation["security"] == [] and operation["tags"] == ["media"]
    responses = operation["responses"]
    assert {"200", "206", "304", "404", "416"} <= set(responses)
    assert "Content-Range" in responses["206"]["headers"] and "Content-Range" in responses["416"]["headers"]
    assert {"video/mp4", "video/quicktime", "video/webm", "image/jpeg"} == set(responses["206"]["content"])
    assert [parameter["name"] for parameter in operation["parameters"]] == ["Range"]


def test_the_health_check_documents_both_of_its_bodies(spec, client):
    schemas = spec["components"]["schemas"]
    responses = spec["paths"]["/api/health"]["get"]["responses"]
    assert responses["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Health"
    }
    ok = client.get("/api/health").get_json()
    assert set(ok) == set(schemas["Health"]["properties"]) == set(schemas["Health"]["required"])
    # The 503 (tests/test_faults.py takes the database away): the error body with each
    # dependency beside it, or the generic error body when the connection pool is exhausted.
    unavailable = responses["503"]["content"]["application/json"]
    assert unavailable["schema"]["anyOf"] == [
        {"$ref": "#/components/schemas/HealthUnavailable"},
        {"$ref": "#/components/schemas/Error"},
    ]
    down = schemas["HealthUnavailable"]
    assert set(down["properties"]) == set(down["required"]) == set(unavailable["example"])
    assert set(down["properties"]) == {"code", "status", "message"} | (set(ok) - {"status"})
