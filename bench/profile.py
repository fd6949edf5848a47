"""Where a request's time goes: ``.venv/bin/python -m bench.profile [case ...] [--cprofile]``.

Runs the app in this process (production config, the bench database that ``make bench``
seeds) and sends each case's request through Flask's test client, so the figures are the
app's own cost per request, without gunicorn, the network or wrk. For each case it prints
the wall time per request (the fastest of PROFILE_BATCHES batches: on a shared machine
the minimum is the steadiest estimate of the cost itself), the SQL statements it issued
how much of the time was spent in the database driver, and this process's CPU time per
request (the Python cost alone, the steadiest figure of all); ``--cprofile`` profiles one
batch instead and adds the functions with the most own time.

Cases: videos, anonymous (the same feed signed out), deep, for-you, following, video,
comments, and the plain and shielded viewers' feeds: videos-follower, videos-shielded,
for-you-follower, for-you-shielded, following-shielded (default: all).
Knobs: PROFILE_REQUESTS (per batch, 200), PROFILE_BATCHES (5), PROFILE_SORT (tottime),
PROFILE_LINES (25), BENCH_DATABASE_URL.
"""

import cProfile
import os
import pstats
import sys
import time

from bench.run import DEEP, FOLLOWING, ROOT, bench_env, prepare

REQUESTS = int(os.environ.get("PROFILE_REQUESTS", "200"))
BATCHES = int(os.environ.get("PROFILE_BATCHES", "5"))


def main(argv):
    show_profile = "--cprofile" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    env = bench_env()
    os.environ.update({k: v for k, v in env.items() if not k.startswith("GUNICORN_")})
    sys.path.insert(0, str(ROOT))

    import sqlalchemy as sa
    from flask_jwt_extended import create_access_token

    from app import create_app
    from app.extensions import db
    from app.models import User

    app = create_app()
    plan = prepare(app)

    with app.app_context():

        def token(username):
            user = db.session.scalar(sa.select(User).where(User.username == username))
            return create_access_token(identity=str(user.id), additional_claims={"ver": user.token_version})

        demo, follower = token(plan.demo[0]), token(plan.follower[0])
        shielded = token(plan.shielded[0])
        db.session.remove()

    cases = {
        "videos": ("/api/videos", demo),
        "anonymous": ("/api/videos", None),
        "deep": (f"/api/videos?cursor={plan.deep_cursor}", demo),
        "for-you": ("/api/videos/for-you", demo),
        "following": ("/api/videos/following", follower),
        "video": (f"/api/videos/{plan.video_ids[0]}", demo),
        "comments": (f"/api/videos/{plan.most_commented}/comments", demo),
        # The shielded viewer (the follower's follows, 200 blocks, 200 mutes) and the plain
        # one it is compared with.
        "videos-follower": ("/api/videos", follower),
        "videos-shielded": ("/api/videos", shielded),
        "for-you-follower": ("/api/videos/for-you", follower),
        "for-you-shielded": ("/api/videos/for-you", shielded),
        "following-shielded": ("/api/videos/following", shielded),
    }
    print(f"{BATCHES} x {REQUESTS} requests per case; deep: {DEEP:,} videos; following: {FOLLOWING}+ follows")

    waited = {"s": 0.0, "n": 0}

    def before(conn, *_):
        conn.info["t0"] = time.perf_counter()

    def after(conn, *_):
        waited["s"] += time.perf_counter() - conn.info.pop("t0")
        waited["n"] += 1

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)

    client = app.test_client()
    for name in wanted or cases:
        path, tok = cases[name]
        headers = {"Authorization": f"Bearer {tok}"} if tok else {}
        for _ in range(50):  # warm the caches (SQLAlchemy's compiled statements, the pool)
            assert client.get(path, headers=headers).status_code == 200
        batches = []
        profiler = cProfile.Profile() if show_profile else None
        for _ in range(1 if profiler else BATCHES):
            waited.update(s=0.0, n=0)
            started, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            for _ in range(REQUESTS):
                client.get(path, headers=headers)
            if profiler:
                profiler.disable()
            batches.append(
                (time.perf_counter() - started, waited["s"], waited["n"], time.process_time() - cpu)
            )
        total, in_driver, statements, _ = min(batches)
        python_cpu = min(b[3] for b in batches)
        print(
            f"{name:10} {total / REQUESTS * 1000:6.2f} ms/request "
            f"(batches: {', '.join(f'{b[0] / REQUESTS * 1000:.2f}' for b in batches)}), "
            f"{statements / REQUESTS:.1f} SQL statements, "
            f"{in_driver / REQUESTS * 1000:.2f} ms in the database driver, "
            f"{python_cpu / REQUESTS * 1000:.2f} ms of CPU in this process"
        )
        if profiler:
            stats = pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "tottime"))
            # Unlike times, this count does not depend on how busy the machine is.
            print(f"{name:10} {stats.total_calls / REQUESTS:,.0f} Python function calls per request")
            stats.print_stats(int(os.environ.get("PROFILE_LINES", "25")))


if __name__ == "__main__":
    main(sys.argv[1:])
