"""``make bench``: seed, serve, load, and write bench/RESULTS.md.

1. The ``shortvideo_bench`` database (BENCH_DATABASE_URL) is created, migrated and seeded
   with ``flask seed --preset bench`` if it has no users (10-25 minutes, once).
2. The app runs under gunicorn with gunicorn.conf.py (2 sync workers, one thread, the
   reference settings), ``APP_CONFIG=production`` with generated secrets and rate limits off.
   The framework ceiling (bench/ceiling_app.py) runs under the same settings next to it.
3. Tokens come from logging in as seeded users over HTTP. The user who follows 500
   accounts is found by SQL (follows are added to one user if nobody has 500, in this
   database only); the cursor 100,000 videos deep is built with the app's encode_cursor.
   The shielded viewer gets the same follows as that user plus 200 blocks and 200 mutes
   (in this database only), and its feeds are compared with the follower's.
4. SQL statements per request are counted in this process with Flask's test client and a
   ``before_cursor_execute`` listener on the same database; the feed's own SQL is captured
   there too and run by pgbench (the database ceiling).
5. wrk (installed with apt-get if missing) drives every case from its own process, several
   rounds; each round runs every case once, so noise on this shared machine spreads over
   all of them. Medians are reported, with ratios to both ceilings.

Knobs (environment): BENCH_DURATION (seconds per run, 10), BENCH_RUNS (3),
BENCH_CONNECTIONS (16), BENCH_DATABASE_URL, BENCH_ONLY (comma-separated case names).
"""

import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
VENV_BIN = ROOT / ".venv" / "bin"

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/shortvideo_bench")
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
ONLY = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}
WORKERS = 2
FOLLOWING = 500
# The shielded viewer (issue 12): the follower's 500 follows, plus this many blocks and mutes.
BLOCKS = MUTES = 200
DEEP = 100_000
# The inbox and unread count of a user with many notifications against one with few;
# INBOX_UNREAD of the many are unread (more than the count reports: it stops at 99).
INBOX_HEAVY, INBOX_LIGHT, INBOX_UNREAD = 100_000, 10, 5_000
P99_LIMIT_MS = 100
# The feed while 16 failed logins run at once, from 16 addresses (issue 15, item 4).
BURST_LOGINS = 16
BURST_P99_LIMIT_MS = 250


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the database -------------------------------------------------------------------


def server_url(url):
    return url.rsplit("/", 1)[0] + "/postgres"


def db_name(url):
    return url.rsplit("/", 1)[1].split("?")[0]


def ensure_database(env):
    import psycopg2

    name = db_name(DATABASE_URL)
    admin = psycopg2.connect(server_url(DATABASE_URL))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cursor.fetchone() is None:
            log(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    with psycopg2.connect(DATABASE_URL) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM users)")
        seeded = cursor.fetchone()[0]
    if not seeded:
        log("seeding the bench preset (10-25 minutes, first run only)")
        subprocess.run([*flask, "seed", "--preset", "bench"], env=env, cwd=ROOT, check=True)


def bench_env():
    """The production configuration, with secrets generated for this run."""
    env = dict(os.environ)
    secret = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48)
    env.update(
        APP_CONFIG="production",
        DATABASE_URL=DATABASE_URL,
        SECRET_KEY=secret,
        JWT_SECRET_KEY=secret + "-jwt",
        RATELIMIT_ENABLED="false",
        RATELIMIT_STORAGE_URI="memory://",
        # As behind nginx: the login burst's X-Forwarded-For addresses are the clients'.
        PROXY_HOPS="1",
        # Tokens must outlive the whole run (about 15 minutes).
        JWT_ACCESS_MINUTES="120",
        MEDIA_ROOT=str(OUT / "media"),
        GUNICORN_WORKERS=str(WORKERS),
        GUNICORN_THREADS="1",
        # No recycling mid-measurement: a recycled worker re-imports the app (about a
        # second of CPU), which would be measured as request latency.
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_LOGLEVEL="warning",
    )
    env.pop("GUNICORN_CONTROL_SOCKET", None)
    return env


# --- the data a case needs ----------------------------------------------------------


@dataclass
class Plan:
    demo: tuple  # (username, password)
    follower: tuple  # follows FOLLOWING accounts
    shielded: tuple  # the follower's follows, plus BLOCKS blocks and MUTES mutes
    likers: list  # [(username, password)]
    video_ids: list  # for GET /api/videos/{id}
    like_video_ids: list
    most_commented: int
    deep_cursor: str
    inbox_heavy: tuple = ()  # has INBOX_HEAVY notifications
    inbox_light: tuple = ()  # has INBOX_LIGHT
    top_tag: str = "fyp"  # the hashtag on the most videos
    notes: list = field(default_factory=list)


def prepare(app):
    import sqlalchemy as sa

    from app.commands.seed_data import DEMO_ACCOUNTS, OTHER_PASSWORD
    from app.extensions import db
    from app.pagination import encode_cursor

    passwords = {username: password for username, password, _ in DEMO_ACCOUNTS}
    notes = []
    with app.app_context():
        s = db.session

        def login_of(user_id):
            username = s.scalar(sa.text("SELECT username FROM users WHERE id = :id"), {"id": user_id})
            return username, passwords.get(username, OTHER_PASSWORD)

        demo_name = DEMO_ACCOUNTS[0][0]
        demo = (demo_name, passwords[demo_name])
        demo_follows = s.scalar(
            sa.text(
                "SELECT count(*) FROM follows f JOIN users u ON u.id = f.follower_id "
                "WHERE lower(u.username) = :name"
            ),
            {"name": demo_name},
        )
        notes.append(f"for-you viewer `{demo_name}` follows {demo_follows} accounts")

        # The follower: whoever follows closest to FOLLOWING accounts (at least that many).
        row = s.execute(
            sa.text(
                "SELECT follower_id, count(*) AS n FROM follows GROUP BY follower_id "
                "HAVING count(*) >= :n ORDER BY count(*), follower_id LIMIT 1"
            ),
            {"n": FOLLOWING},
        ).first()
        if row is None:
            follower_id = s.scalar(
                sa.text("SELECT id FROM users WHERE id > :demo ORDER BY id LIMIT 1"),
                {"demo": len(DEMO_ACCOUNTS)},
            )
            have = s.scalar(
                sa.text("SELECT count(*) FROM follows WHERE follower_id = :id"), {"id": follower_id}
            )
            missing = FOLLOWING - have
            # A pseudo-random but fixed set of accounts (md5 order), counters kept exact.
            s.execute(
                sa.text(
                    "WITH added AS ("
                    " INSERT INTO follows (follower_id, followee_id, created_at)"
                    " SELECT :id, u.id, now() - (random() * interval '180 days') FROM users u"
                    " WHERE u.id <> :id AND NOT EXISTS (SELECT 1 FROM follows f"
                    "  WHERE f.follower_id = :id AND f.followee_id = u.id)"
                    " ORDER BY md5(u.id::text) LIMIT :n RETURNING followee_id),"
                    " bumped AS (UPDATE users SET followers_count = followers_count + 1"
                    "  WHERE id IN (SELECT followee_id FROM added) RETURNING 1)"
                    " UPDATE users SET following_count = following_count + (SELECT count(*) FROM bumped)"
                    " WHERE id = :id"
                ),
                {"id": follower_id, "n": missing},
            )
            s.commit()
            notes.append(f"added {missing} follows to user {follower_id} (nobody followed {FOLLOWING})")
            count = FOLLOWING
        else:
            follower_id, count = row
        follower = login_of(follower_id)
        notes.append(f"following-feed viewer `{follower[0]}` follows {count} accounts")
        shielded_id = shield(s, sa, follower_id, notes)
        shielded = login_of(shielded_id)

        liker_ids = s.scalars(
            sa.text("SELECT id FROM users WHERE id > :demo ORDER BY id LIMIT 8"),
            {"demo": len(DEMO_ACCOUNTS)},
        ).all()
        likers = [login_of(i) for i in liker_ids]
        # Videos spread over the table (not only the newest), in a fixed order.
        video_ids = s.scalars(sa.text("SELECT id FROM videos ORDER BY md5(id::text) LIMIT 400")).all()
        most_commented, comments = s.execute(
            sa.text("SELECT id, comment_count FROM videos ORDER BY comment_count DESC, id LIMIT 1")
        ).first()
        notes.append(f"most commented video {most_commented} has {comments} comments")
        top_tag, tag_videos = s.execute(
            sa.text("SELECT name, video_count FROM hashtags ORDER BY video_count DESC, id LIMIT 1")
        ).first()
        notes.append(f"most used hashtag #{top_tag} is on {tag_videos:,} public, ready videos")

        # The cursor that /api/videos would hand out after DEEP videos.
        created_at, video_id = s.execute(
            sa.text(
                "SELECT created_at, id FROM videos WHERE status = 'ready'"
                " ORDER BY created_at DESC, id DESC OFFSET :n LIMIT 1"
            ),
            {"n": DEEP - 1},
        ).first()
        deep_cursor = encode_cursor([created_at, video_id], "videos")

        inbox_users = s.scalars(
            sa.text("SELECT id FROM users WHERE id > :demo ORDER BY id OFFSET 8 LIMIT 2"),
            {"demo": len(DEMO_ACCOUNTS)},
        ).all()
        for recipient, total in zip(inbox_users, (INBOX_HEAVY, INBOX_LIGHT), strict=True):
            have, elsewhere = s.execute(
                sa.text(
                    "SELECT count(*), count(*) FILTER (WHERE video.author_id <> :id)"
                    " FROM notifications LEFT JOIN videos video ON video.id = notifications.video_id"
                    " WHERE recipient_id = :id"
                ),
                {"id": recipient},
            ).one()
            if have != total or elsewhere:
                # Follows and likes from other accounts, one a minute back in time; the
                # newest INBOX_UNREAD unread. A like is of one of the recipient's own
                # videos, as the producer writes them (before 2026-12-02 they pointed at
                # random videos, 50 cold probes of the videos table per count: a cost no
                # real inbox has). In this database only, kept on later runs.
                s.execute(sa.text("DELETE FROM notifications WHERE recipient_id = :id"), {"id": recipient})
                s.execute(
                    sa.text(
                        "INSERT INTO notifications (recipient_id, type, actor_id, video_id, cause,"
                        " read_at, created_at)"
                        " SELECT :id, CASE WHEN g % 2 = 0 THEN 'follow' ELSE 'like' END,"
                        "  actor.id, CASE WHEN g % 2 = 0 THEN NULL ELSE video.id END,"
                        "  'bench:' || g, CASE WHEN g > :unread THEN now() END,"
                        "  now() - g * interval '1 minute'"
                        " FROM generate_series(1, :n) g"
                        " JOIN users actor ON actor.id = 1 + (g % 5000) + CASE WHEN 1 + (g % 5000) >= :id"
                        "  THEN 1 ELSE 0 END"
                        " CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM videos"
                        "  WHERE author_id = :id) own"
                        " JOIN videos video ON video.id = own.ids[1 + g % cardinality(own.ids)]"
                    ),
                    {"id": recipient, "n": total, "unread": min(INBOX_UNREAD, total // 2)},
                )
                s.commit()
        s.execute(sa.text("ANALYZE notifications"))
        s.commit()
        heavy, light = (login_of(user_id) for user_id in inbox_users)
        notes.append(
            f"inbox viewers `{heavy[0]}` ({INBOX_HEAVY:,} notifications, {INBOX_UNREAD:,} unread)"
            f" and `{light[0]}` ({INBOX_LIGHT})"
        )
    return Plan(
        demo=demo,
        follower=follower,
        shielded=shielded,
        likers=likers,
        video_ids=video_ids[:200],
        like_video_ids=video_ids[200:],
        most_commented=most_commented,
        deep_cursor=deep_cursor,
        inbox_heavy=heavy,
        inbox_light=light,
        top_tag=top_tag,
        notes=notes,
    )


def shield(s, sa, follower_id, notes):
    """The shielded viewer: the next account after the follower, given the follower's
    follows and BLOCKS blocks and MUTES mutes of accounts with no follow either way (so no
    follow has to end), counters kept exact. Idempotent: a second run finds it ready."""
    viewer_id = s.scalar(
        sa.text("SELECT id FROM users WHERE id > :id AND role = 'user' ORDER BY id LIMIT 1"),
        {"id": follower_id},
    )
    s.execute(
        sa.text(
            "WITH added AS ("
            " INSERT INTO follows (follower_id, followee_id, created_at)"
            " SELECT :v, f.followee_id, f.created_at FROM follows f"
            " WHERE f.follower_id = :f AND f.followee_id <> :v"
            " ON CONFLICT DO NOTHING RETURNING followee_id),"
            " bumped AS (UPDATE users SET followers_count = followers_count + 1"
            "  WHERE id IN (SELECT followee_id FROM added) RETURNING 1)"
            " UPDATE users SET following_count = following_count + (SELECT count(*) FROM bumped)"
            " WHERE id = :v"
        ),
        {"v": viewer_id, "f": follower_id},
    )
    unrelated = (
        "SELECT u.id FROM users u WHERE u.id <> :v AND NOT EXISTS (SELECT 1 FROM follows f"
        " WHERE (f.follower_id = :v AND f.followee_id = u.id)"
        " OR (f.follower_id = u.id AND f.followee_id = :v))"
    )
    for table, columns, offset, n in (
        ("blocks", "blocker_id, blocked_id", 0, BLOCKS),
        ("mutes", "muter_id, muted_id", BLOCKS, MUTES),
    ):
        have = s.scalar(
            sa.text(f"SELECT count(*) FROM {table} WHERE {columns.split(',')[0]} = :v"), {"v": viewer_id}
        )
        if have < n:
            s.execute(
                sa.text(
                    f"INSERT INTO {table} ({columns}, created_at)"
                    f" SELECT :v, id, now() FROM ({unrelated}"
                    " ORDER BY md5(u.id::text) OFFSET :o LIMIT :n) picked"
                    " ON CONFLICT DO NOTHING"
                ),
                {"v": viewer_id, "o": offset, "n": n},
            )
    s.commit()
    counts = s.execute(
        sa.text(
            "SELECT (SELECT count(*) FROM follows WHERE follower_id = :v),"
            " (SELECT count(*) FROM blocks WHERE blocker_id = :v),"
            " (SELECT count(*) FROM mutes WHERE muter_id = :v)"
        ),
        {"v": viewer_id},
    ).one()
    notes.append(
        f"shielded viewer (user {viewer_id}) follows {counts[0]}, blocks {counts[1]}"
        f" and mutes {counts[2]} accounts"
    )
    return viewer_id


# --- servers --------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env, app_uri, name, health_path, root=ROOT):
    """Serve ``app_uri`` from the checkout at ``root`` (bench/ab.py serves an older one)."""
    port = free_port()
    env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_PROC_NAME=f"bench-{name}")
    env["GUNICORN_ACCESSLOG"] = str(OUT / f"{name}-access.log")
    with open(OUT / f"{name}-gunicorn.log", "w") as errors:
        proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", app_uri],
            cwd=root,
            env=env,
            stdout=errors,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(base + health_path, timeout=5) as response,
            ):
                if response.status == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn ({name}) did not start; see {OUT / f'{name}-gunicorn.log'}")
            time.sleep(0.3)
        log(f"{name}: gunicorn pid {proc.pid} on {base}")
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def worker_rss(master_pid):
    """VmRSS (MiB) of each gunicorn worker, found as children of the master."""
    sizes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master_pid:
                status = (stat.parent / "status").read_text()
                kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
                sizes.append(kb / 1024)
    return sorted(sizes)


def http_json(method, url, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def login(base, username, password):
    status, body = http_json("POST", base + "/api/auth/login", {"login": username, "password": password})
    return json.loads(body)["access_token"]


# --- cases ------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    label: str
    requests: list  # (method, path, token or None, body dict or None)
    kind: str = "read"  # read, list, write, login, ceiling
    runs: list = field(default_factory=list)
    sql: float | None = None
    sql_text: list = field(default_factory=list)


def build_cases(plan, base):
    token = {}

    def tok(user):
        if user[0] not in token:
            token[user[0]] = login(base, *user)
        return token[user[0]]

    demo = tok(plan.demo)
    follower = tok(plan.follower)
    shielded = tok(plan.shielded)
    likers = [tok(user) for user in plan.likers]
    like_requests = []
    for i, video_id in enumerate(plan.like_video_ids):
        t = likers[i % len(likers)]
        like_requests.append(("POST", f"/api/videos/{video_id}/like", t, None))
        like_requests.append(("DELETE", f"/api/videos/{video_id}/like", t, None))
    login_requests = [
        ("POST", "/api/auth/login", None, {"login": user, "password": password})
        for user, password in plan.likers
    ]
    return [
        Case(
            "videos", "GET /api/videos (first page, anonymous)", [("GET", "/api/videos", None, None)], "list"
        ),
        Case(
            "videos_auth",
            "GET /api/videos (first page, signed in)",
            [("GET", "/api/videos", demo, None)],
            "list",
        ),
        Case(
            "videos_deep",
            f"GET /api/videos?cursor= ({DEEP:,} videos deep, signed in)",
            [("GET", f"/api/videos?cursor={plan.deep_cursor}", demo, None)],
            "list",
        ),
        Case(
            "for_you",
            "GET /api/videos/for-you (signed in)",
            [("GET", "/api/videos/for-you", demo, None)],
            "list",
        ),
        Case(
            "following",
            f"GET /api/videos/following (follows {FOLLOWING})",
            [("GET", "/api/videos/following", follower, None)],
            "list",
        ),
        Case(
            "for_you_500",
            f"GET /api/videos/for-you (follows {FOLLOWING})",
            [("GET", "/api/videos/for-you", follower, None)],
            "list",
        ),
        Case(
            "videos_shielded",
            f"GET /api/videos (blocks {BLOCKS}, mutes {MUTES})",
            [("GET", "/api/videos", shielded, None)],
            "list",
        ),
        Case(
            "for_you_shielded",
            f"GET /api/videos/for-you (follows {FOLLOWING}, blocks {BLOCKS}, mutes {MUTES})",
            [("GET", "/api/videos/for-you", shielded, None)],
            "list",
        ),
        Case(
            "following_shielded",
            f"GET /api/videos/following (follows {FOLLOWING}, blocks {BLOCKS}, mutes {MUTES})",
            [("GET", "/api/videos/following", shielded, None)],
            "list",
        ),
        Case(
            "video",
            "GET /api/videos/{id} (signed in, 200 ids)",
            [("GET", f"/api/videos/{i}", demo, None) for i in plan.video_ids],
        ),
        Case(
            "comments",
            "GET /api/videos/{id}/comments (most commented, signed in)",
            [("GET", f"/api/videos/{plan.most_commented}/comments", demo, None)],
            "list",
        ),
        *inbox_cases(plan, tok),
        Case(
            "trending",
            "GET /api/hashtags/trending (stored totals)",
            [("GET", "/api/hashtags/trending", None, None)],
        ),
        Case(
            "hashtag",
            "GET /api/hashtags/{tag} (the most used tag)",
            [("GET", f"/api/hashtags/{plan.top_tag}", None, None)],
        ),
        Case("like", "POST + DELETE /api/videos/{id}/like (alternating)", like_requests, "write"),
        Case("login", "POST /api/auth/login (argon2id)", login_requests, "login"),
        Case(
            "videos_login_burst",
            f"GET /api/videos (anonymous) during {BURST_LOGINS} concurrent failed logins",
            [("GET", "/api/videos", None, None)],
            "burst",
        ),
    ]


def inbox_cases(plan, tok):
    """The inbox and the unread count at INBOX_HEAVY and INBOX_LIGHT notifications: the
    same cost for both is the point."""
    cases = []
    for name, user, total in (
        ("heavy", plan.inbox_heavy, INBOX_HEAVY),
        ("light", plan.inbox_light, INBOX_LIGHT),
    ):
        token = tok(user)
        cases += [
            Case(
                f"inbox_{name}",
                f"GET /api/notifications ({total:,} notifications)",
                [("GET", "/api/notifications", token, None)],
                "list",
            ),
            Case(
                f"unread_{name}",
                f"GET /api/notifications/unread-count ({total:,} notifications)",
                [("GET", "/api/notifications/unread-count", token, None)],
            ),
        ]
    return cases


def count_sql(app, cases):
    """Statements per request (test client, same database), and each one's SQL."""
    import sqlalchemy as sa

    from app.extensions import db

    with app.app_context():
        engine = db.engine
    seen = []

    def record(_conn, cursor, statement, parameters, _context, _many):
        seen.append(cursor.mogrify(statement, parameters).decode())

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        client = app.test_client()
        for case in cases:
            sample = case.requests[: 2 if case.kind == "write" else 1]
            texts = []
            for method, path, token, body in sample:
                seen.clear()
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                response = client.open(path, method=method, headers=headers, json=body)
                if response.status_code >= 400:
                    raise RuntimeError(f"{case.name}: {method} {path} answered {response.status_code}")
                texts.append(list(seen))
            case.sql = sum(len(t) for t in texts) / len(texts)
            case.sql_text = texts[0]
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


EXPLAINED = (
    "following",
    "following_shielded",
    "for_you_500",
    "for_you_shielded",
    "videos_auth",
    "videos_shielded",
)


def explain(app, cases):
    """EXPLAIN ANALYZE of each compared feed's page statement (its last SQL), warm."""
    import sqlalchemy as sa

    from app.extensions import db

    plans = {}
    with app.app_context():
        for case in cases:
            if case.name in EXPLAINED and case.sql_text:
                statement = case.sql_text[-1]
                db.session.execute(sa.text(statement.replace(":", "\\:")))  # warm the cache
                rows = db.session.execute(
                    sa.text("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement.replace(":", "\\:"))
                ).all()
                plans[case.name] = "\n".join(row[0] for row in rows)
                (OUT / f"explain-{case.name}.txt").write_text(statement + ";\n\n" + plans[case.name] + "\n")
        db.session.rollback()
    return plans


# --- load -------------------------------------------------------------------------------


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("installing wrk (apt-get)")
    if subprocess.run(["apt-get", "install", "-y", "wrk"], capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update"], check=True, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)


def write_requests(case):
    path = OUT / f"{case.name}.requests"
    with open(path, "w") as file:
        for method, target, token, body in case.requests:
            file.write("\t".join([method, target, token or "-", json.dumps(body) if body else ""]) + "\n")
    return path


def run_wrk(base, requests_file):
    command = [
        "wrk",
        "-t1",
        f"-c{CONNECTIONS}",
        f"-d{DURATION}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / "wrk.lua"),
        base,
        "--",
        str(requests_file),
    ]
    return wrk_summary(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def run_burst(base, requests_file):
    """The feed measured while BURST_LOGINS failed logins run at once, each from its own
    address (bench/login_burst.lua), started a second earlier and ended a second later."""
    logins = subprocess.Popen(
        ["wrk", "-t1", f"-c{BURST_LOGINS}", f"-d{DURATION + 2}s", "--timeout", "10s",
         "-s", str(BENCH / "login_burst.lua"), base],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1)
    feed = run_wrk(base, requests_file)
    burst = wrk_summary(logins.communicate()[0])
    # Failed logins are 401s (or 503s past the hashing bound): expected, not errors.
    feed["logins"] = {
        "rps": burst["rps"],
        "p50": burst["p50"],
        "p99": burst["p99"],
        "answered": burst["requests"],
    }
    return feed


def wrk_summary(output):
    found = re.search(r"^WRK_JSON (.*)$", output, re.M)
    if not found:
        raise RuntimeError(f"wrk printed no summary:\n{output}")
    raw = json.loads(found.group(1))
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50": raw["p50_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "errors": raw["non_2xx"] + raw["socket_errors"],
    }


def run_pgbench(script):
    """The database ceiling: ``script`` run by pgbench like wrk runs the app."""
    log_prefix = OUT / "pgbench"
    for old in OUT.glob("pgbench.*"):
        old.unlink()
    command = [
        "pgbench",
        "-n",
        "-M",
        "simple",  # psycopg2 sends plain statements, not prepared ones
        f"-c{CONNECTIONS}",
        "-j1",
        f"-T{DURATION}",
        "-f",
        str(script),
        "-l",
        f"--log-prefix={log_prefix}",
        db_name(DATABASE_URL),
    ]
    # As the app's connections (config.py's session_options).
    sys.path.insert(0, str(ROOT))
    from config import session_options

    env = dict(os.environ, PGHOST="127.0.0.1", PGUSER="postgres", PGOPTIONS=session_options())
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=OUT).stdout
    tps = float(re.search(r"tps = ([0-9.]+)", output).group(1))
    latencies = sorted(
        int(line.split()[2]) for path in OUT.glob("pgbench.*") for line in path.read_text().splitlines()
    )
    for path in OUT.glob("pgbench.*"):
        path.unlink()
    return {
        "rps": tps,
        "p50": latencies[len(latencies) // 2] / 1000,
        "p99": latencies[int(len(latencies) * 0.99)] / 1000,
        "errors": 0,
    }


def median(case, key):
    return statistics.median(run[key] for run in case.runs) if case.runs else None


# --- the report -------------------------------------------------------------------------


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.*)", cpuinfo)
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))

    def version(command):
        with contextlib.suppress(Exception):
            result = subprocess.run(command, capture_output=True, text=True)
            return (result.stdout or result.stderr).strip().splitlines()[0]
        return "?"

    return {
        "cores": os.cpu_count(),
        "cpu": model.group(1) if model else platform.machine(),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgres": version(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"]),
        "gunicorn": version([str(VENV_BIN / "gunicorn"), "--version"]),
        "wrk": version(["wrk", "--version"]),
        "load": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }


def fmt(value, digits=1):
    return "–" if value is None else f"{value:,.{digits}f}"


def write_results(cases, ceiling, database, memory, plan, info, started, feed_sql, plans, media=None):
    framework = median(ceiling, "rps")
    db_rps = median(database, "rps")
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py); the optimisation log at the end is"
        " bench/OPTIMISATIONS.md, included as is.",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC, {time.time() - started.timestamp():.0f} s. Machine: "
        f"{info['cores']} cores ({info['cpu']}), {info['memory']} memory, Linux {info['kernel']}, "
        f"load average {info['load']} at the start (shared machine). Python {info['python']}, "
        f"PostgreSQL {info['postgres']}, {info['gunicorn']}, {info['wrk']}.",
        "",
        f"Settings: `wrk -t1 -c{CONNECTIONS} -d{DURATION}s`, {RUNS} rounds (each round runs every case"
        f" once), medians; gunicorn.conf.py with {WORKERS} sync workers x 1 thread,"
        " `APP_CONFIG=production`, rate limits off, access log on (to a file), worker recycling off"
        " (`GUNICORN_MAX_REQUESTS=0`); the bench preset (100k users, 1M videos, 10M likes,"
        " 2M comments, 1M follows).",
        "",
        "| case | req/s | p50 ms | p99 ms | SQL / request | vs framework ceiling | vs database ceiling"
        " | runs (req/s) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for case in [*cases, ceiling, database]:
        if not case.runs:
            continue
        rps = median(case, "rps")
        errors = sum(run["errors"] for run in case.runs)
        ratio_f = f"{rps / framework:.1%}" if framework else "–"
        ratio_d = f"{rps / db_rps:.1%}" if db_rps else "–"
        if case is ceiling:
            ratio_f = "100%"
        if case is database:
            ratio_d = "100%"
        runs = ", ".join(f"{run['rps']:,.0f}" for run in case.runs)
        if errors:
            runs += f" ({errors} errors!)"
        lines.append(
            f"| {case.label} | {fmt(rps, 0)} | {fmt(median(case, 'p50'), 2)} | {fmt(median(case, 'p99'), 2)}"
            f" | {fmt(case.sql, 1) if case.sql is not None else '–'} | {ratio_f} | {ratio_d} | {runs} |"
        )
    lines += [
        "",
        f"Gunicorn workers' memory (VmRSS after all runs): {', '.join(f'{m:.0f} MiB' for m in memory['app'])}"
        f" for the app; {', '.join(f'{m:.0f} MiB' for m in memory['ceiling'])} for the framework ceiling.",
        "",
        "Data: " + "; ".join(plan.notes) + ".",
        "",
        "## Targets",
        "",
    ]
    by_name = {case.name: case for case in cases}
    checks = []
    first, deep = by_name.get("videos_auth"), by_name.get("videos_deep")
    if first and deep and first.runs and deep.runs:
        change = median(deep, "p50") / median(first, "p50") - 1
        checks.append((abs(change) <= 0.2, f"deep page p50 within 20% of the first page: {change:+.0%}"))
    for case in cases:
        if case.kind == "list" and case.sql is not None:
            checks.append((case.sql <= 3, f"{case.label}: {case.sql:.0f} SQL statements (at most 3)"))
    for name in ("for_you", "following", "videos_auth"):
        case = by_name.get(name)
        if case and case.runs and framework:
            share = median(case, "rps") / framework
            checks.append(
                (share >= 0.15, f"{case.label}: {share:.0%} of the framework ceiling (at least 15%, aim 33%)")
            )
    # Blocks and mutes cost nothing that grows with them (issue 12): within 10% of the plain viewer.
    for plain, shielded in (
        ("videos_auth", "videos_shielded"),
        ("for_you_500", "for_you_shielded"),
        ("following", "following_shielded"),
    ):
        a, b = by_name.get(plain), by_name.get(shielded)
        if a and b and a.runs and b.runs:
            ratio = median(b, "rps") / median(a, "rps")
            checks.append(
                (ratio >= 0.9, f"{b.label}: {ratio:.0%} of the plain viewer's req/s (at least 90%)")
            )
    for case in cases:
        if case.runs:
            p99 = median(case, "p99")
            limit = BURST_P99_LIMIT_MS if case.kind == "burst" else P99_LIMIT_MS
            checks.append((p99 <= limit, f"{case.label}: p99 {p99:.1f} ms (at most {limit})"))
        if case.kind == "burst" and case.runs:
            logins = [run["logins"] for run in case.runs]
            lines_burst = statistics.median(r["rps"] for r in logins)
            checks.append(
                (
                    True,
                    f"the failed logins meanwhile: {lines_burst:,.0f} a second, p50"
                    f" {statistics.median(r['p50'] for r in logins):.0f} ms, p99"
                    f" {statistics.median(r['p99'] for r in logins):.0f} ms",
                )
            )
    lines += [f"- {'met' if ok else '**missed**'}: {text}" for ok, text in checks]
    lines += [
        "",
        "## The database ceiling's SQL",
        "",
        "pgbench runs the signed-in `/api/videos` page query as psycopg2 sends it (literal values,"
        " simple protocol), with the same number of connections as wrk:",
        "",
        "```sql",
        feed_sql,
        "```",
        "",
    ]
    if plans:
        lines += [
            "## Feeds of the plain and the shielded viewer: EXPLAIN ANALYZE",
            "",
            "The page statement of each compared feed (bench/out/explain-*.txt has its SQL), warm:",
            "",
        ]
        for name, text in plans.items():
            lines += [f"### {name}", "", "```", text, "```", ""]
    if media is not None:
        from bench import media as media_bench

        lines += media_bench.markdown(media)
    notes = BENCH / "OPTIMISATIONS.md"
    if notes.exists():
        lines += [notes.read_text().rstrip(), ""]
    (BENCH / "RESULTS.md").write_text("\n".join(lines))
    (OUT / "results.json").write_text(
        json.dumps(
            {c.name: {"runs": c.runs, "sql": c.sql} for c in [*cases, ceiling, database]},
            indent=2,
        )
    )


# --- main -------------------------------------------------------------------------------


def main():
    started = datetime.now(UTC)
    OUT.mkdir(exist_ok=True)
    info = machine()
    ensure_wrk()
    env = bench_env()
    ensure_database(env)

    # This process reads the same database with the same secrets as the workers, for the
    # cursor, the SQL counts and the feed's SQL; it never serves load itself.
    os.environ.update({k: v for k, v in env.items() if not k.startswith("GUNICORN_")})
    sys.path.insert(0, str(ROOT))
    from app import create_app

    app = create_app()
    plan = prepare(app)
    for note in plan.notes:
        log(note)

    with gunicorn(env, "wsgi:app", "app", "/api/health") as (base, app_pid):
        cases = build_cases(plan, base)
        count_sql(app, cases)
        plans = explain(app, cases)
        by_name = {case.name: case for case in cases}
        feed_sql = by_name["videos_auth"].sql_text[-1]
        (OUT / "feed.sql").write_text(feed_sql.replace("\n", " ") + ";\n")
        _, page = http_json("GET", base + "/api/videos", token=by_name["videos_auth"].requests[0][2])
        (OUT / "ceiling_body.json").write_bytes(page)
        log(f"the /api/videos page is {len(page):,} bytes")

        ceiling_env = dict(env, BENCH_CEILING_BODY=str(OUT / "ceiling_body.json"))
        with gunicorn(ceiling_env, "bench.ceiling_app:app", "ceiling", "/ceiling") as (
            ceiling_base,
            ceiling_pid,
        ):
            ceiling = Case(
                "ceiling",
                "framework ceiling: minimal Flask, same JSON body",
                [("GET", "/ceiling", None, None)],
                "ceiling",
            )
            database = Case("pgbench", "database ceiling: pgbench, the feed's SQL", [], "ceiling")
            selected = [case for case in cases if not ONLY or case.name in ONLY]
            files = {case.name: write_requests(case) for case in [*selected, ceiling]}
            for round_no in range(1, RUNS + 1):
                for case in [ceiling, *selected]:
                    target = ceiling_base if case is ceiling else base
                    run_case = run_burst if case.kind == "burst" else run_wrk
                    case.runs.append(run_case(target, files[case.name]))
                    run = case.runs[-1]
                    log(
                        f"round {round_no}/{RUNS} {case.name}: {run['rps']:,.0f} req/s, "
                        f"p50 {run['p50']:.1f} ms, p99 {run['p99']:.1f} ms"
                        + (f", {run['errors']} errors" if run["errors"] else "")
                    )
                database.runs.append(run_pgbench(OUT / "feed.sql"))
                log(f"round {round_no}/{RUNS} pgbench: {database.runs[-1]['rps']:,.0f} tps")
            memory = {"app": worker_rss(app_pid), "ceiling": worker_rss(ceiling_pid)}

    # After the load, so a transcode never competes with wrk. BENCH_MEDIA=0 leaves it out.
    media = None
    if os.environ.get("BENCH_MEDIA", "1") != "0" and not ONLY:
        from bench import media as media_bench

        log("media pipeline (bench/media.py)")
        media = media_bench.run_all()
    write_results(cases, ceiling, database, memory, plan, info, started, feed_sql, plans, media)
    log(f"wrote {BENCH / 'RESULTS.md'}")
    print((BENCH / "RESULTS.md").read_text())


if __name__ == "__main__":
    main()
