"""Fuzz every operation of /api/openapi.json in-process (schemathesis v4, docs/SECURITY.md §5a).

The app is the suite's own (``app`` fixture, the same test database); the operation list
comes from the spec at import time, which needs no database. Each operation is one test:
Hypothesis draws positive and negative cases from the spec and schemathesis runs every
default check on each response: no 5xx, every status, header and body as declared,
invalid input rejected, valid input accepted, 401 without a token. Counters are checked
afterwards. ``schemathesis.pytest.from_fixture`` fails under pytest 9.2, so the loop over
the schema's operations is written out here.

Bounded: ``FUZZ_EXAMPLES`` cases per operation and mode (default 15), no deadline. The
longer, stateful run against gunicorn is ``fuzz/run.sh``.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from app import create_app

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
# Revoking the shared token or deleting the fuzz user would turn the rest into 401s;
# tests/test_auth.py covers them.
EXCLUDED = {"logout", "changePassword", "deleteMe"}
# As fuzz/schemathesis.toml (see the comments there): valid by the schema but refused by
# the contract (a cursor the server never signed, 422; random bytes as a video, 415; a
# taken name, 409; someone else's video, 403; a declared upload size over the limit,
# 413), and the likers list, which schemathesis
# takes for the like that DELETE /api/videos/{id}/like removes.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", 401, 403, 404, 409, 413, 415, 422]}
        },
        "operations": [
            {
                "include-path": "/api/videos/{video_id}/likes",
                "include-method": "GET",
                "checks": {"use_after_free": {"enabled": False}},
            }
        ],
    }
)


def _operations():
    """(label, operationId) of every operation; the spec is built without a database."""
    spec = create_app("testing").test_client().get("/api/openapi.json").get_json()
    return [
        (f"{method.upper()} {path}", operation["operationId"])
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method != "parameters" and operation["operationId"] not in EXCLUDED
    ]


OPERATIONS = _operations()


# The fuzz user's access token; each test registers the user afresh (tables are emptied
# between tests) and puts its token here.
TOKEN = {}


@pytest.fixture(scope="module")
def schema(app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=CONFIG)

    # schemathesis applies this to every case except negative ones that drop the token
    # on purpose (they must get a 401).
    @schema.auth(refresh_interval=None)
    class FuzzUser:
        def get(self, case, context):
            return TOKEN["access"]

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    return schema


@pytest.fixture
def fuzz_user(client, register, alice):
    """The signed-in fuzz user, plus a video, a comment and a reply with small ids for
    the drawn path parameters to find."""
    fuzzer = register("fuzzer")
    video = client.post(
        "/api/videos",
        json={"video_url": "https://cdn.example.com/v.mp4", "caption": "#fuzz"},
        headers=alice.headers,
    ).get_json()
    comment = client.post(f"/api/videos/{video['id']}/comments", json={"body": "hi"}, headers=alice.headers)
    client.post(
        f"/api/videos/{video['id']}/comments",
        json={"body": "re", "parent_id": comment.get_json()["id"]},
        headers=fuzzer.headers,
    )
    client.post(f"/api/videos/{video['id']}/like", headers=fuzzer.headers)
    client.post("/api/users/alice/follow", headers=fuzzer.headers)
    TOKEN["access"] = fuzzer["access_token"]
    yield fuzzer
    TOKEN.clear()


@pytest.mark.parametrize("label", [label for label, _ in OPERATIONS], ids=[op for _, op in OPERATIONS])
def test_operation_conforms_to_the_spec(schema, fuzz_user, label, drift):
    operation = schema.find_operation_by_label(label)
    assert operation is not None, label
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @given(case=strategy)
    @settings(
        max_examples=2 * EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate()

    run()
    assert drift() == {}


def test_every_operation_but_the_destructive_ones_is_fuzzed(schema):
    labels = {label for label, _ in OPERATIONS}
    spec_ops = {result.ok().label for result in schema.get_all_operations()}
    assert len(spec_ops - labels) == len(EXCLUDED)


def test_stateful_sequences_conform_to_the_spec(schema, fuzz_user, drift):
    """Chains built from the spec's inferred links: create, read, change, delete; a
    created resource is readable at once and a deleted one is gone."""
    run_state_machine_as_test(
        schema.as_state_machine(),
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=6,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert drift() == {}
