"""gunicorn.conf.py, run by the real gunicorn: more threads than pooled database
connections are refused at start, and a bind beyond loopback is warned about (the
supported exposure is nginx in front; deploy/checks.py proves slow clients through nginx
leave the API answering)."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.services import free_port

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "DATABASE_"))}
    env.update(
        APP_CONFIG="development", DATABASE_URL=f"sqlite:///{tmp_path / 'g.db'}", MEDIA_ROOT=str(tmp_path)
    )
    env.update(extra)
    return env


def test_more_threads_than_pooled_connections_are_refused_at_start(tmp_path):
    env = _env(
        tmp_path,
        DATABASE_URL="postgresql://postgres@127.0.0.1:5432/unused",
        DATABASE_POOL_SIZE="2",
        DATABASE_MAX_OVERFLOW="1",
        GUNICORN_THREADS="4",
    )
    result = subprocess.run(
        [GUNICORN, "-c", "gunicorn.conf.py", "--check-config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "GUNICORN_THREADS=4 is more than the database pool" in result.stderr
    env["GUNICORN_THREADS"] = "3"
    ok = subprocess.run(
        [GUNICORN, "-c", "gunicorn.conf.py", "--check-config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr


def _startup_log(tmp_path, port, host):
    """Start gunicorn, wait until its worker answers, stop it, and return its log.

    The stop waits for the worker: "shortvideo ready" is logged by the arbiter before it
    forks, and a SIGTERM that reaches a worker before it installs its own handlers is lost,
    which leaves the arbiter waiting out the whole graceful timeout."""
    env = _env(
        tmp_path,
        GUNICORN_BIND=f"{host}:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_ACCESSLOG="",
        GUNICORN_GRACEFUL_TIMEOUT="5",
    )
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen([GUNICORN, "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, stderr=log)
    try:
        _wait_until_answering(port, process)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return log_path.read_text()


def _wait_until_answering(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited before its worker answered"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5):
                return
        except urllib.error.HTTPError:
            return  # an answer, whatever its status: the worker is serving
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn's worker did not answer on port {port} within {seconds} s")


def test_the_default_bind_is_loopback_and_gives_no_warning(tmp_path):
    log = _startup_log(tmp_path, free_port(), "127.0.0.1")
    assert "shortvideo ready" in log
    assert "beyond loopback" not in log


def test_a_bind_beyond_loopback_is_warned_about(tmp_path):
    log = _startup_log(tmp_path, free_port(), "0.0.0.0")
    assert "shortvideo ready" in log
    assert "beyond loopback" in log and "nginx in front" in log
