#!/usr/bin/env bash
# `make clients-check` (also run by .ci/run): the generated clients are what the current
# document generates (clients/generate.sh --check), they type-check (tsc strict on the
# TypeScript client and its smoke script, mypy strict on the Python package and its smoke
# script), and both smoke scripts pass against a live server: gunicorn on a free port, a
# throwaway SQLite database, media in a temp dir, rate limits off. gunicorn is stopped by
# its PID. Exits non-zero on any failure.
#
# Environment: CLIENTS_PORT (a free port), CLIENTS_KEEP=1 keeps the temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.venv/bin
TOOLS=$ROOT/.cache/clients-venv/bin
TS=$ROOT/clients/typescript
STARTED=$(date +%s)
WORK=$(mktemp -d /tmp/shortvideo-clients-check.XXXXXX)
GUNICORN_PID=

log() { printf '\n==> %s\n' "$*"; }
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
        echo "--- last lines of the gunicorn log"
        tail -n 30 "$WORK/gunicorn.log"
    fi
    if [ "${CLIENTS_KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
    echo "clients-check: $([ "$status" = 0 ] && echo passed || echo FAILED) in $(($(date +%s) - STARTED)) s"
    exit "$status"
}
trap cleanup EXIT

log "the committed clients are what the document generates"
clients/generate.sh --check

log "tsc (strict): the TypeScript client, its smoke script and the generated types"
(cd "$TS" && node_modules/.bin/tsc --strict --noEmit -p tsconfig.json && node_modules/.bin/tsc -p tsconfig.schema.json)

log "mypy (strict): the Python client and its smoke script"
(cd clients/python && "$TOOLS/mypy" --config-file mypy.ini)

PORT=${CLIENTS_PORT:-$("$BIN/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
BASE=http://127.0.0.1:$PORT
log "gunicorn on $BASE (SQLite in $WORK)"
# The app's configuration (config.py), from the environment: no queue, so uploads are
# processed in the request; no Redis; cheap password hashing; no rate limits.
export APP_CONFIG=development FLASK_APP=wsgi
export DATABASE_URL=sqlite:///$WORK/app.db MEDIA_ROOT=$WORK/media STORAGE_BACKEND=local
export RATELIMIT_ENABLED=false ARGON2_TIME_COST=1 ARGON2_MEMORY_COST=1024 ARGON2_PARALLELISM=1
export SECRET_KEY=clients-$RANDOM-$RANDOM-0123456789abcdef-0123456789 JWT_SECRET_KEY=clients-$RANDOM-$RANDOM-0123456789abcdef
unset CELERY_BROKER_URL REDIS_URL RATELIMIT_STORAGE_URI PUBLIC_BASE_URL MEDIA_URL MEDIA_BASE_URL SERVE_MEDIA
"$BIN/flask" db upgrade >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log"; exit 1; }
GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_WORKERS=1 GUNICORN_THREADS=4 \
    GUNICORN_ACCESSLOG="$WORK/gunicorn.log" GUNICORN_ERRORLOG="$WORK/gunicorn.log" \
    "$BIN/gunicorn" -c gunicorn.conf.py &
GUNICORN_PID=$!
for _ in $(seq 150); do
    curl -fsS -o /dev/null "$BASE/api/health" 2>/dev/null && break
    kill -0 "$GUNICORN_PID" 2>/dev/null || exit 1
    sleep 0.2
done

export SHORTVIDEO_API_URL=$BASE
log "TypeScript smoke (clients/typescript/smoke.ts)"
(cd "$TS" && node_modules/.bin/tsx smoke.ts)
log "Python smoke (clients/python/smoke.py)"
PYTHONPATH=clients/python/shortvideo-client PYTHONDONTWRITEBYTECODE=1 "$TOOLS/python" clients/python/smoke.py
