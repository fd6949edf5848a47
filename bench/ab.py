"""Two checkouts side by side: ``.venv/bin/python -m bench.ab OTHER_CHECKOUT CASES [ROUNDS [THIS]]``.

    git worktree add /tmp/before 41ef278
    .venv/bin/python -m bench.ab /tmp/before videos_auth,for_you,following 3

THIS (default: this checkout) is the "after" side: with two worktrees, one on each side of
a merge, the A/B measures what that merge alone changed (the bench's cases and tokens
still come from this checkout).

Serves this checkout and OTHER_CHECKOUT under the same gunicorn settings, database and
secrets as ``make bench`` (both with this checkout's virtualenv), and runs wrk on each
case alternately, the order flipped every round, so the machine's noise falls on both
alike. Prints each run and the medians. CASES are bench/run.py case names.
"""

import os
import statistics
import sys
from pathlib import Path

import bench.run as bench


def main(other, names, rounds, this=bench.ROOT):
    # Both servers must accept the same tokens.
    os.environ.setdefault("BENCH_SECRET_KEY", "bench-ab-" + "x" * 40)
    env = bench.bench_env()
    os.environ.update({k: v for k, v in env.items() if not k.startswith("GUNICORN_")})
    sys.path.insert(0, str(bench.ROOT))
    from app import create_app

    plan = bench.prepare(create_app())
    results = {}
    with (
        bench.gunicorn(env, "wsgi:app", "this", "/api/health", root=this) as (this_base, _),
        bench.gunicorn(env, "wsgi:app", "other", "/api/health", root=other) as (other_base, _),
    ):
        cases = {case.name: case for case in bench.build_cases(plan, this_base)}
        files = {name: bench.write_requests(cases[name]) for name in names}
        servers = [("other", other_base), ("this", this_base)]
        for round_no in range(rounds):
            for name in names:
                for label, base in servers if round_no % 2 == 0 else servers[::-1]:
                    run = bench.run_wrk(base, files[name])
                    results.setdefault((name, label), []).append(run["rps"])
                    bench.log(f"round {round_no + 1}/{rounds} {name} {label}: {run['rps']:,.0f} req/s")
    for name in names:
        other_rps, this_rps = (statistics.median(results[(name, label)]) for label in ("other", "this"))
        print(
            f"{name}: {other} {other_rps:,.0f} req/s, {this} {this_rps:,.0f} req/s "
            f"({this_rps / other_rps:.2f}x)"
        )


if __name__ == "__main__":
    main(
        Path(sys.argv[1]).resolve(),
        sys.argv[2].split(","),
        int(sys.argv[3]) if len(sys.argv) > 3 else 3,
        Path(sys.argv[4]).resolve() if len(sys.argv) > 4 else bench.ROOT,
    )
