"""gunicorn settings: ``gunicorn -c gunicorn.conf.py`` (the app is ``wsgi:app``).

Every value can be changed from the environment, so one file serves every instance:

| variable | default | meaning |
|---|---|---|
| ``GUNICORN_BIND`` | ``127.0.0.1:8000`` | addresses, comma-separated; warned beyond loopback |
| ``GUNICORN_WORKERS`` | 2 x CPUs + 1 (at most 8) | worker processes |
| ``GUNICORN_THREADS`` | 1 | threads per worker; above 1 the ``gthread`` worker is used |
| ``GUNICORN_TIMEOUT`` | 30 | seconds a request may take before its worker is replaced |
| ``GUNICORN_GRACEFUL_TIMEOUT`` | 30 | seconds in-flight requests get on SIGTERM / HUP |
| ``GUNICORN_MAX_REQUESTS`` | 1000 | recycle a worker after this many requests (0 = never) |
| ``GUNICORN_LIMIT_REQUEST_LINE`` | 8190 | longest request line in bytes (0 = no limit) |
| ``GUNICORN_LIMIT_REQUEST_FIELDS``, ``..._FIELD_SIZE`` | 32768, 16380 | header limits, above nginx's |
| ``GUNICORN_ACCESSLOG`` | ``-`` (stdout) | access log path; empty turns it off |
| ``GUNICORN_ERRORLOG`` | ``-`` (stderr) | error log path |
| ``GUNICORN_LOGLEVEL`` | ``info`` | error log level |
| ``GUNICORN_PIDFILE`` | none | where the master writes its PID |
| ``GUNICORN_CONTROL_SOCKET`` | none (off) | gunicorn's control socket, one per instance |
| ``LOG_FORMAT`` | ``text`` | ``json``: gunicorn's lines and the access log as JSON (app/logs.py) |
| ``PROMETHEUS_MULTIPROC_DIR`` | none | with ``METRICS_ENABLED``: the workers' shared metrics (emptied) |

The app itself reads its configuration (``APP_CONFIG``, ``DATABASE_URL``, ...) from the
environment or ``.env``; see the README.

Signals: HUP reloads the code with new workers and retires the old ones gracefully (zero
downtime; the app is not preloaded so that this picks up new code), TERM drains in-flight
requests for up to ``graceful_timeout`` seconds and exits, TTIN/TTOU add or remove a worker.
"""

import ipaddress
import multiprocessing
import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from config import pool_capacity  # noqa: E402 (the app's own reading of DATABASE_URL)


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "wsgi:app"
proc_name = os.environ.get("GUNICORN_PROC_NAME", "shortvideo")

bind = [
    address.strip()
    for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
    if address.strip()
]
backlog = _int("GUNICORN_BACKLOG", 2048)

workers = _int("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 8))
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# Each thread may hold a database connection: more threads than the pool holds would wait
# for one and time out (a 503) under load. Refused at start rather than found then.
_capacity = pool_capacity()
if _capacity is not None and threads > _capacity:
    raise RuntimeError(
        f"GUNICORN_THREADS={threads} is more than the database pool of each worker holds"
        f" ({_capacity}: DATABASE_POOL_SIZE + DATABASE_MAX_OVERFLOW); raise those or lower the threads"
    )

# A worker stuck longer than this is killed and replaced (nginx waits longer: 60 s).
timeout = _int("GUNICORN_TIMEOUT", 30)
# On TERM or HUP, in-flight requests get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Used by the gthread worker only; keep it below nginx's upstream keepalive_timeout.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then (bounded memory growth), not all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# gunicorn's default; longer URLs get its (HTML) 414, or nginx's JSON one in front of it.
limit_request_line = _int("GUNICORN_LIMIT_REQUEST_LINE", 8190)
# Header limits above nginx's (large_client_header_buffers 4 8k), so nginx answers any
# header that is too large with its JSON 400 and gunicorn never its HTML 431.
limit_request_fields = _int("GUNICORN_LIMIT_REQUEST_FIELDS", 32768)
limit_request_field_size = _int("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 16380)

# New code is loaded by HUP only when the app is imported by each worker.
preload_app = False
# Heartbeat files in memory: a slow or full disk cannot make workers look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Requests come from nginx; the app trusts X-Forwarded-* itself (PROXY_HOPS -> ProxyFix).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

pidfile = os.environ.get("GUNICORN_PIDFILE") or None

# gunicorn >= 25.1 opens a control socket at one fixed default path, which several
# instances on one machine would share; it is off unless a path is given.
control_socket_path = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
if control_socket_path:
    control_socket = control_socket_path
else:
    control_socket_disable = True

# Logs: access log with the client (as seen by nginx), the request id, status, size and
# duration; nginx sends X-Request-ID, and a request that came without one gets one here.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = (
    '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}i)s ua="%(a)s"'
)


# LOG_FORMAT=json: one JSON object per line, the request id in each (app/logs.py).
if os.environ.get("LOG_FORMAT", "").lower() == "json":
    logger_class = "app.logs.GunicornJsonLogger"

# /metrics across workers (app/metrics.py): files in PROMETHEUS_MULTIPROC_DIR, emptied at
# start (a dead run's counts must not add up) and dropped with each worker that exits.
METRICS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def on_starting(server):
    if METRICS_DIR:
        os.makedirs(METRICS_DIR, exist_ok=True)
        for name in os.listdir(METRICS_DIR):
            if name.endswith(".db"):
                os.remove(os.path.join(METRICS_DIR, name))


def child_exit(server, worker):
    if METRICS_DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def pre_request(worker, req):
    """Give every request an X-Request-ID (the app and the access log both see it)."""
    if not any(name.upper() == "X-REQUEST-ID" for name, _ in req.headers):
        req.headers.append(("X-REQUEST-ID", uuid.uuid4().hex))


def _is_loopback(address):
    if address.startswith(("unix:", "fd://")):
        return True
    host = address.rsplit(":", 1)[0].strip("[]") if ":" in address else address
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: whatever it resolves to


def when_ready(server):
    exposed = [address for address in bind if not _is_loopback(address)]
    if exposed:
        server.log.warning(
            "gunicorn listens on %s, beyond loopback. The supported exposure is nginx in front"
            " (deploy/nginx.conf): sync workers reached directly are tied up by slow clients,"
            " two of them are enough to block an instance. Bind to 127.0.0.1 or a unix socket.",
            ", ".join(exposed),
        )
    server.log.info(
        "shortvideo ready: %s, %d %s worker(s) x %d thread(s)",
        ", ".join(bind),
        workers,
        worker_class,
        threads,
    )
