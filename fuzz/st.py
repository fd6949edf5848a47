"""``schemathesis`` with ``ast.parse`` serialised and fresh idempotency keys:
``python fuzz/st.py run ...``. Also: the URL pattern left out of the fuzzed document.

CPython 3.11 before 3.11.8 keeps one AST-construction depth counter per interpreter, so
two threads parsing at once can fail with ``SystemError: AST constructor recursion depth
mismatch`` (python/cpython#106905). Hypothesis parses source to describe lambdas, and
schemathesis ``--workers 2`` generates in two threads, which hit it. One lock fixes it.

Idempotency keys: hypothesis draws the same few strings again and again, so two POSTs of
one body share an ``Idempotency-Key``, and the second gets the first one's response back,
as the contract says (API.md, "Conventions added in v2"). When the first one's video was
deleted meanwhile, the stateful phase reads the replayed 201 as a new video and reports it
missing (ST302). Each valid key therefore becomes a fresh one at call time, as
schemathesis advises for unique fields; invalid keys are sent as drawn, so the 422 for them
is still fuzzed. Replays themselves are tested in tests/test_idempotency.py.
"""

import ast
import re
import sys
import threading
import uuid
from pathlib import Path

_parse = ast.parse
_lock = threading.RLock()


def _serialised_parse(*args, **kwargs):
    with _lock:
        return _parse(*args, **kwargs)


ast.parse = _serialised_parse

import schemathesis as st  # noqa: E402 - after the patch
from schemathesis.cli import schemathesis  # noqa: E402

IDEMPOTENCY_KEY = "Idempotency-Key"
VALID_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # app/idempotency.py's rule


@st.hook
def before_call(context, case, kwargs):
    key = (case.headers or {}).get(IDEMPOTENCY_KEY)
    if isinstance(key, str) and VALID_KEY.fullmatch(key):
        case.headers[IDEMPOTENCY_KEY] = str(uuid.uuid4())


def _without(pattern: str, node) -> None:
    if isinstance(node, dict):
        if node.get("pattern") == pattern:
            del node["pattern"]
        for value in node.values():
            _without(pattern, value)
    elif isinstance(node, list):
        for value in node:
            _without(pattern, value)


@st.hook
def before_load_schema(context, raw_schema):
    # Drawing strings from the http(s) URL pattern (app/schemas.py) is slow: with it, the
    # coverage and fuzzing phases took most of the time budget and the stateful phase got
    # 3 s of its 30 (1,209 cases a run against 4,398 without). The fuzzer sends any
    # string there instead (a 422 unless it is a URL); that the pattern and the server's
    # validator agree is tests/test_openapi.py's test_the_url_pattern_agrees_with_the_server.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository
    from app.schemas import HTTP_URL_PATTERN

    _without(HTTP_URL_PATTERN, raw_schema)


if __name__ == "__main__":
    sys.argv[0] = "schemathesis"
    sys.exit(schemathesis())
