#!/usr/bin/env bash
# Deployment test (`make deploy-test`): two gunicorn instances (gunicorn.conf.py,
# APP_CONFIG=production) behind nginx (deploy/nginx.conf rendered for loopback), a Celery
# worker and SeaweedFS (S3) for media, then, through nginx, the whole Postman collection
# twice with newman, and deploy/checks.py: media in the bucket, processed by the worker,
# JSON 413s, a worker killed with SIGKILL mid-transcode and restarted, logout seen across
# instances, shared rate limits. DEPLOY_TEST_STORAGE=local instead stores media under
# MEDIA_ROOT, served by nginx (and checks that).
#
# Installs what it lacks: nginx (apt-get) and newman (npm, into .cache/newman). Uses a
# dedicated PostgreSQL database (dropped and re-created), Redis db 13 when Redis answers,
# and a temp dir for media, logs and nginx's files. Everything it starts is stopped by PID.
#
# Environment: DEPLOY_TEST_PG (postgresql://postgres@127.0.0.1:5432), DEPLOY_TEST_DB
# (shortvideo_deploy), DEPLOY_TEST_REDIS (redis://127.0.0.1:6379/13), DEPLOY_TEST_PORT
# (nginx, 8080), DEPLOY_TEST_APP_PORTS ("8101 8102"), DEPLOY_TEST_STORAGE (s3 or local),
# DEPLOY_TEST_KEEP=1 keeps the temp dir and the database. Without Redis there is no
# worker: the instances process uploads themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STARTED=$(date +%s)

PG=${DEPLOY_TEST_PG:-postgresql://postgres@127.0.0.1:5432}
DB=${DEPLOY_TEST_DB:-shortvideo_deploy}
REDIS=${DEPLOY_TEST_REDIS:-redis://127.0.0.1:6379/13}
NGINX_PORT=${DEPLOY_TEST_PORT:-8080}
read -r PORT_A PORT_B <<<"${DEPLOY_TEST_APP_PORTS:-8101 8102}"
STORAGE=${DEPLOY_TEST_STORAGE:-s3}
VIDEO_MAX_BYTES=1048576   # 1 MiB, so the 413 checks stay small
CLIENT_MAX_BODY_SIZE=2m   # a little above VIDEO_MAX_BYTES + 256 KiB
PY=$ROOT/.venv/bin/python
NEWMAN=$ROOT/.cache/newman/node_modules/.bin/newman
export PATH="$PATH:/usr/sbin:/sbin"

log() { printf '\n==> %s\n' "$*"; }
die() { printf 'deploy-test: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

[ -x "$PY" ] || die "no .venv; run 'make venv' first"

# --- tools -------------------------------------------------------------------------
if ! command -v nginx >/dev/null; then
    log "installing nginx (apt-get)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null \
        || { as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null; }
fi
if [ ! -x "$NEWMAN" ]; then
    log "installing newman into .cache/newman (npm)"
    command -v npm >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >/dev/null
    mkdir -p .cache/newman
    printf '*\n' >.cache/.gitignore   # the whole cache stays out of git
    npm install --prefix .cache/newman --no-audit --no-fund --loglevel=error newman@6 >/dev/null
fi
for port in "$NGINX_PORT" "$PORT_A" "$PORT_B"; do
    if "$PY" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)) != 0)"; then
        die "port $port is in use (set DEPLOY_TEST_PORT / DEPLOY_TEST_APP_PORTS)"
    fi
done

# --- cleanup: everything started here, by PID ----------------------------------------
WORK=$(mktemp -d /tmp/shortvideo-deploy.XXXXXX)
PIDS=()
cleanup() {
    status=$?
    set +e
    # deploy/checks.py restarts the worker it kills; it records the new one's PID.
    [ -s "$WORK/worker.pid" ] && PIDS+=("$(cat "$WORK/worker.pid")")
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    # SeaweedFS is the wrapper's child: if the wrapper was killed before it stopped it,
    # stop it here (it would keep its ports and data directory).
    pkill -KILL -f "weed server -dir=$WORK/" 2>/dev/null
    if [ "$status" != 0 ]; then
        for f in "$WORK"/gunicorn-a.log "$WORK"/gunicorn-b.log "$WORK"/worker.log "$WORK"/nginx/error.log; do
            [ -f "$f" ] && { echo "--- last lines of $f"; tail -n 15 "$f"; }
        done
    fi
    if [ "${DEPLOY_TEST_KEEP:-0}" = 1 ]; then
        echo "kept $WORK and database $DB"
    else
        psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
        rm -rf "$WORK"
    fi
    echo "deploy-test: $([ "$status" = 0 ] && echo PASSED || echo FAILED) in $(($(date +%s) - STARTED))s"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- database, secrets, app environment ----------------------------------------------
log "database $DB"
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
psql -q "$PG/postgres" -c "CREATE DATABASE $DB" >/dev/null

export APP_CONFIG=production
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')
JWT_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')
export SECRET_KEY JWT_SECRET_KEY
export DATABASE_URL="$PG/$DB"
export MEDIA_ROOT="$WORK/media"
export PROXY_HOPS=1
export VIDEO_MAX_BYTES
# The collection registers 4 accounts and logs in 5 times per run, all from 127.0.0.1;
# the per-account login limit keeps its production value for the cross-instance check.
export RATELIMIT_REGISTER=1000/hour RATELIMIT_LOGIN_IP=1000/minute RATELIMIT_LOGIN_ACCOUNT=5/minute
# Each process caches the blocked terms (BLOCKED_TERMS_CACHE_SECONDS, 30 by default): the
# collection adds a term through one of the four processes and checks it at once through
# another, so here every check reads the list.
export BLOCKED_TERMS_CACHE_SECONDS=0
# Trending too (TRENDING_CACHE_SECONDS, 60 by default), for the same reason.
export TRENDING_CACHE_SECONDS=0
export GUNICORN_WORKERS=2 GUNICORN_THREADS=2
unset RATELIMIT_STORAGE_URI RATELIMIT_ENABLED SERVE_MEDIA MEDIA_URL
mkdir -p "$MEDIA_ROOT" "$WORK/nginx"
# Its own Redis database, emptied first: rate-limit counters of an earlier run (an hour's
# uploads by "user:1") would otherwise refuse this one's.
if "$PY" -c "import redis,sys; redis.Redis.from_url('$REDIS', socket_connect_timeout=1).flushdb()" 2>/dev/null; then
    export REDIS_URL=$REDIS
    SHARED_LIMITS=--shared-limits
    echo "rate limits in $REDIS_URL"
else
    unset REDIS_URL
    SHARED_LIMITS=
    echo "Redis does not answer at $REDIS: rate limits in memory, cross-instance check skipped"
fi

# Media: a bucket in SeaweedFS (the server the tests run, tests/services.py), or MEDIA_ROOT.
if [ "$STORAGE" = s3 ]; then
    log "SeaweedFS (S3) for media"
    "$PY" -m tests.services seaweedfs "$WORK/seaweedfs" media "$WORK/s3-endpoint" >"$WORK/seaweedfs.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 300); do [ -s "$WORK/s3-endpoint" ] && break; kill -0 "${PIDS[-1]}" 2>/dev/null || break; sleep 0.2; done
    [ -s "$WORK/s3-endpoint" ] || { tail -n 20 "$WORK/seaweedfs.log"; die "SeaweedFS did not start"; }
    export STORAGE_BACKEND=s3 S3_ENDPOINT_URL=$(cat "$WORK/s3-endpoint") S3_BUCKET=media
    # The test server's own keys (tests/services.py), not a secret.
    export S3_ACCESS_KEY_ID=test-access-key S3_SECRET_ACCESS_KEY=test-secret-key-0123456789
    echo "bucket media at $S3_ENDPOINT_URL"
else
    unset STORAGE_BACKEND
fi

# The task queue shares the limits' Redis database; a short visibility timeout, so the
# task of the worker killed below is delivered again within a minute.
WORKER_COMMAND="env PROMETHEUS_MULTIPROC_DIR=$WORK/metrics $ROOT/.venv/bin/celery -A wsgi:celery_app worker --concurrency=1 --loglevel=INFO --without-gossip --without-mingle --without-heartbeat"
if [ -n "${REDIS_URL:-}" ]; then
    export CELERY_BROKER_URL=$REDIS_URL CELERY_QUEUE=shortvideo-deploy CELERY_VISIBILITY_TIMEOUT=30
else
    unset CELERY_BROKER_URL
fi

log "flask db upgrade"
"$ROOT/.venv/bin/flask" --app wsgi db upgrade 2>&1 | tail -n 1

# --- a worker, in a process group of its own (the checks kill it whole) --------------
if [ -n "${CELERY_BROKER_URL:-}" ]; then
    log "Celery worker"
    mkdir -p "$WORK/metrics"
    setsid $WORKER_COMMAND >>"$WORK/worker.log" 2>&1 &
    PIDS+=($!)
    echo "$!" >"$WORK/worker.pid"
    for _ in $(seq 300); do grep -q ' ready\.' "$WORK/worker.log" && break; sleep 0.2; done
    grep -q ' ready\.' "$WORK/worker.log" || die "the Celery worker did not start"
    WORKER_ARGS=(--worker-pidfile "$WORK/worker.pid" --worker-log "$WORK/worker.log" --worker-command "$WORKER_COMMAND")
else
    WORKER_ARGS=()
    echo "no Redis: the instances process uploads themselves (no worker, worker checks skipped)"
fi

# --- two gunicorn instances ----------------------------------------------------------
log "gunicorn on :$PORT_A and :$PORT_B"
# A serves /metrics across its workers (and the worker's processing times, same machine);
# B logs JSON lines. Both are otherwise the same.
GUNICORN_BIND=127.0.0.1:$PORT_A METRICS_ENABLED=true PROMETHEUS_MULTIPROC_DIR="$WORK/metrics" \
    "$ROOT/.venv/bin/gunicorn" -c gunicorn.conf.py >"$WORK/gunicorn-a.log" 2>&1 &
PIDS+=($!)
INSTANCES=($!)
GUNICORN_BIND=127.0.0.1:$PORT_B LOG_FORMAT=json \
    "$ROOT/.venv/bin/gunicorn" -c gunicorn.conf.py >"$WORK/gunicorn-b.log" 2>&1 &
PIDS+=($!)
INSTANCES+=($!)

wait_for() {  # url
    for _ in $(seq 150); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || die "a process exited early (PID $pid)"; done
        sleep 0.2
    done
    die "$1 did not answer within 30s"
}
wait_for "http://127.0.0.1:$PORT_A/api/health"
wait_for "http://127.0.0.1:$PORT_B/api/health"

# --- nginx: the site file rendered for loopback, in a private prefix -----------------
log "nginx on :$NGINX_PORT (deploy/nginx.conf, rendered into $WORK/nginx)"
"$PY" - "$WORK/nginx/site.conf" <<EOF
import sys
text = open("deploy/nginx.conf").read()
for key, value in {
    "LISTEN": "127.0.0.1:$NGINX_PORT",
    "SERVER_NAME": "localhost",
    "APP_SERVER_1": "127.0.0.1:$PORT_A",
    "APP_SERVER_2": "127.0.0.1:$PORT_B",
    "MEDIA_ROOT": "$MEDIA_ROOT",
    "CLIENT_MAX_BODY_SIZE": "$CLIENT_MAX_BODY_SIZE",
}.items():
    text = text.replace("{{" + key + "}}", value)
assert "{{" not in text.replace("{{PLACEHOLDER}}", ""), "unrendered placeholder"
open(sys.argv[1], "w").write(text)
EOF
N=$WORK/nginx
# Workers run as the user that runs gunicorn, as in production (see the README): the
# app writes media files readable by their owner only.
cat >"$N/nginx.conf" <<EOF
$([ "$(id -u)" = 0 ] && echo "user $(id -un) $(id -gn);")
worker_processes 1;
pid $N/nginx.pid;
error_log $N/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $N/access.log;
    client_body_temp_path $N/client_body;
    proxy_temp_path $N/proxy;
    fastcgi_temp_path $N/fastcgi;
    uwsgi_temp_path $N/uwsgi;
    scgi_temp_path $N/scgi;
    sendfile on;
    include $N/site.conf;
}
EOF
nginx -q -t -p "$N" -e "$N/error.log" -c "$N/nginx.conf"
nginx -p "$N" -e "$N/error.log" -c "$N/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
BASE=http://127.0.0.1:$NGINX_PORT
wait_for "$BASE/api/health"

# --- the Postman collection, twice, through nginx ------------------------------------
# Its Moderation folder signs in as the environment's moderator (the demo seed's name and
# password): registered here, then granted the role as an operator would.
log "a moderator account for the collection"
curl -fsS -o /dev/null -H 'Content-Type: application/json' \
    -d '{"username": "moderator", "email": "moderator@example.com", "password": "moderator-password-1"}' \
    "$BASE/api/auth/register"
"$ROOT/.venv/bin/flask" --app wsgi users set-role moderator moderator

run_newman() {  # run number
    "$NEWMAN" run postman/shortvideo.postman_collection.json \
        -e postman/shortvideo.postman_environment.json --env-var "baseUrl=$BASE" \
        --reporters cli,json --reporter-json-export "$WORK/newman-$1.json" \
        --reporter-cli-no-success-assertions --color off --timeout-request 30000
}
summary() {  # run number
    "$PY" - "$WORK/newman-$1.json" "$1" <<'EOF'
import json, sys
run = json.load(open(sys.argv[1]))["run"]
s, t = run["stats"], run["timings"]
print(f"newman run {sys.argv[2]}: requests {s['requests']['total']} ({s['requests']['failed']} failed), "
      f"assertions {s['assertions']['total']} ({s['assertions']['failed']} failed), "
      f"{(t['completed'] - t['started']) / 1000:.1f}s, average response {t['responseAverage']:.0f}ms")
EOF
}
log "newman, run 1"
run_newman 1
log "newman, run 2 (same database)"
run_newman 2

# --- the deployment checks ------------------------------------------------------------
log "deployment checks"
"$PY" deploy/checks.py --nginx "$BASE" --app-a "http://127.0.0.1:$PORT_A" \
    --app-b "http://127.0.0.1:$PORT_B" --media-root "$MEDIA_ROOT" \
    --video-max-bytes "$VIDEO_MAX_BYTES" --storage "$STORAGE" --metrics $SHARED_LIMITS "${WORKER_ARGS[@]}"

grep -q 'rid=[0-9a-f]\{32\}' "$WORK/gunicorn-a.log" || die "gunicorn access log has no request ids"
# B's log (LOG_FORMAT=json): every line is a JSON object, access lines with a request id.
"$PY" - "$WORK/gunicorn-b.log" <<'EOF' || die "gunicorn B's log is not JSON lines (LOG_FORMAT=json)"
import json, re, sys
lines = [line for line in open(sys.argv[1]) if line.strip()]
entries = [json.loads(line) for line in lines]
access = [e for e in entries if e["logger"] == "gunicorn.access"]
# Every access line has its request id (gunicorn's own, or a sane one a client sent).
assert access and all(e["request_id"] for e in access), [e for e in access if not e["request_id"]][:3]
assert any(re.fullmatch(r"[0-9a-f]{32}", e["request_id"]) for e in access)
print(f"gunicorn B: {len(entries)} JSON log lines, {len(access)} access lines with request ids")
EOF

log "every instance stopped: nginx answers JSON 503s"
for pid in "${INSTANCES[@]}"; do
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
done
"$PY" deploy/checks.py --nginx "$BASE" --all-down

log "summary"
summary 1
summary 2
echo "gunicorn access log sample: $(grep -m1 'POST /api/videos' "$WORK/gunicorn-a.log" "$WORK/gunicorn-b.log" | head -n1 | cut -d: -f2-)"
