#!/usr/bin/env bash
# Fuzz the API from its own OpenAPI document (`make fuzz`, also run by .ci/run):
# schemathesis v4 against gunicorn with two workers, signed in as a fuzz user, every
# check on, the coverage, fuzzing and stateful phases, a fixed seed and a time budget.
# Then `flask recount --check`: no counter may disagree with its rows afterwards.
#
# Creates (and drops) the database shortvideo_fuzz; media and logs go to a temp dir;
# gunicorn is stopped by its PID. Exits non-zero on any failure.
#
# Environment: FUZZ_PG (postgresql://postgres@127.0.0.1:5432), FUZZ_DB (shortvideo_fuzz),
# FUZZ_SEED (1), FUZZ_MAX_TIME (90 seconds), FUZZ_PORT (a free port), FUZZ_KEEP=1 keeps
# the temp dir and the database. The JUnit report goes to reports/schemathesis/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PG=${FUZZ_PG:-postgresql://postgres@127.0.0.1:5432}
DB=${FUZZ_DB:-shortvideo_fuzz}
SEED=${FUZZ_SEED:-1}
MAX_TIME=${FUZZ_MAX_TIME:-90}
PY=$ROOT/.venv/bin/python
BIN=$ROOT/.venv/bin
[ -x "$PY" ] || { echo "fuzz: no .venv; run 'make venv' first" >&2; exit 1; }

log() { printf '\n==> %s\n' "$*"; }
admin() { "$PY" - "$PG/postgres" "$1" <<'PYEOF'
import sys, psycopg2
connection = psycopg2.connect(sys.argv[1], connect_timeout=3)
connection.autocommit = True
connection.cursor().execute(sys.argv[2])
connection.close()
PYEOF
}

PORT=${FUZZ_PORT:-$("$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d /tmp/shortvideo-fuzz.XXXXXX)
GUNICORN_PID=
STARTED=$(date +%s)

cleanup() {
    status=$?
    set +e
    if [ -n "$GUNICORN_PID" ]; then
        kill -TERM "$GUNICORN_PID" 2>/dev/null
        for _ in $(seq 100); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$GUNICORN_PID" 2>/dev/null
        wait "$GUNICORN_PID" 2>/dev/null
    fi
    if [ "$status" != 0 ] && [ -f "$WORK/gunicorn.log" ]; then
        echo "--- last lines of the gunicorn error log"
        grep -v '" [1-4][0-9][0-9] ' "$WORK/gunicorn.log" | tail -n 30
    fi
    if [ "${FUZZ_KEEP:-0}" = 1 ]; then
        echo "kept $WORK and database $DB"
    else
        admin "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null
        rm -rf "$WORK"
    fi
    echo "fuzz: $([ "$status" = 0 ] && echo passed || echo FAILED) in $(( $(date +%s) - STARTED )) s"
    exit "$status"
}
trap cleanup EXIT

# The app's own configuration, from the environment (config.py).
export APP_CONFIG=development
export DATABASE_URL=$PG/$DB
export MEDIA_ROOT=$WORK/media
export RATELIMIT_ENABLED=false      # a fuzzer is one very fast client
export VIDEO_MAX_BYTES=1048576
export ARGON2_TIME_COST=1 ARGON2_MEMORY_COST=1024 ARGON2_PARALLELISM=1   # cheap hashing, many logins
export FLASK_APP=wsgi
export SECRET_KEY=fuzz-$RANDOM-$RANDOM-$RANDOM-0123456789abcdef JWT_SECRET_KEY=fuzz-$RANDOM-$RANDOM-0123456789abcdef

log "database $DB"
admin "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
admin "CREATE DATABASE $DB"
"$BIN/flask" db upgrade >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log"; exit 1; }

log "gunicorn, 2 workers, on $BASE"
# --limit-request-line 0: no request-line limit in gunicorn, so the app itself answers the
# fuzzer's very long query strings (422). gunicorn's own 414 (at most 8190 bytes) is an
# HTML page the spec cannot declare; in production nginx, in front, caps URLs anyway.
GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_WORKERS=2 GUNICORN_THREADS=1 \
    GUNICORN_ACCESSLOG="$WORK/access.log" GUNICORN_ERRORLOG="$WORK/gunicorn.log" \
    "$BIN/gunicorn" -c gunicorn.conf.py --limit-request-line 0 &
GUNICORN_PID=$!
for _ in $(seq 100); do
    curl -fsS -o /dev/null "$BASE/api/health" 2>/dev/null && break
    kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$WORK/gunicorn.log"; exit 1; }
    sleep 0.2
done
curl -fsS "$BASE/api/health" >/dev/null

log "fuzz user"
export ST_LOGIN=fuzzer ST_PASSWORD=fuzz-password-123
curl -fsS -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\": \"$ST_LOGIN\", \"email\": \"fuzzer@example.com\", \"password\": \"$ST_PASSWORD\"}" \
    "$BASE/api/auth/register"

log "schemathesis: seed $SEED, at most $MAX_TIME s"
# logout, changePassword and deleteMe would revoke the shared token or delete the fuzz
# user; tests/test_auth.py covers them. use_after_free: see fuzz/schemathesis.toml (the
# stateful phase honours only the command-line exclusion).
"$PY" fuzz/st.py --config-file fuzz/schemathesis.toml --no-color run "$BASE/api/openapi.json" \
    --checks all --exclude-checks use_after_free --phases coverage,fuzzing,stateful \
    --seed "$SEED" --max-time "$MAX_TIME" --workers 2 \
    --request-timeout 10 --max-failures 50 --wait-for-schema 30 \
    --generation-database none \
    --exclude-operation-id logout --exclude-operation-id changePassword --exclude-operation-id deleteMe \
    --report junit --report-dir "$ROOT/reports/schemathesis"

log "counters after the run (flask recount --check)"
"$BIN/flask" recount --check

log "no 5xx in the access log"
if grep -E '" 5[0-9][0-9] ' "$WORK/access.log"; then
    echo "fuzz: the server answered 5xx" >&2
    exit 1
fi
echo "$(wc -l <"$WORK/access.log") requests served"
