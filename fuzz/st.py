"""``schemathesis`` with ``ast.parse`` serialised: ``python fuzz/st.py run ...``.

CPython 3.11 before 3.11.8 keeps one AST-construction depth counter per interpreter, so
two threads parsing at once can fail with ``SystemError: AST constructor recursion depth
mismatch`` (python/cpython#106905). Hypothesis parses source to describe lambdas, and
schemathesis ``--workers 2`` generates in two threads, which hit it. One lock fixes it.
"""

import ast
import sys
import threading

_parse = ast.parse
_lock = threading.RLock()


def _serialised_parse(*args, **kwargs):
    with _lock:
        return _parse(*args, **kwargs)


ast.parse = _serialised_parse

from schemathesis.cli import schemathesis  # noqa: E402 - after the patch

if __name__ == "__main__":
    sys.argv[0] = "schemathesis"
    sys.exit(schemathesis())
