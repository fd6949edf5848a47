"""The committed clients (clients/) are what the current OpenAPI document generates.

A schema or a route changed without `make clients` fails here. `make clients-check` runs
the same comparison, then type-checks both clients and runs their smoke scripts against
gunicorn. The generators are Node and Python tools (pinned; `make clients-tools` installs
them, a no-op once they are there): without Node and npm the test skips, except under
CI=true, where it fails.
"""

import fcntl
import shutil
import subprocess
from pathlib import Path

from tests.services import require

ROOT = Path(__file__).resolve().parent.parent


def _run(*command, timeout):
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    return result.returncode, (result.stdout + result.stderr)[-6000:]


def test_committed_clients_are_what_the_document_generates():
    tools = shutil.which("node") and shutil.which("npm")
    require(tools, "Node.js and npm are not installed (the TypeScript generator needs them)")
    # Two suites of one checkout may run at once (CI runs PostgreSQL's and SQLite's side by
    # side): one installs the tools while the other waits, instead of both running npm ci.
    lock = ROOT / ".cache" / "clients-tools.lock"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        status, output = _run("make", "--no-print-directory", "clients-tools", timeout=600)
    assert status == 0, output
    status, output = _run(str(ROOT / "clients" / "generate.sh"), "--check", timeout=300)
    assert status == 0, f"the clients drifted from the document; run `make clients` and commit:\n{output}"
