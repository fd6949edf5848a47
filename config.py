"""Configuration classes, chosen by ``APP_CONFIG`` (development, testing, production).

Every value comes from the environment (``.env`` is loaded by python-dotenv), with
``instance/config.py`` able to override anything locally. This is the only module that
reads ``os.environ``.
"""

import os
from datetime import timedelta
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

# A .env next to this file configures both `flask` and gunicorn; real environment
# variables win over it.
load_dotenv(BASE_DIR / ".env", override=False)

# Placeholders that development uses so it runs with no setup; production refuses them.
DEV_SECRET = "dev-only-secret-change-me-please-0123456789"
MIN_SECRET_BYTES = 32


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def normalize_database_url(url):
    """Make ``postgres://`` and bare ``postgresql://`` URLs use psycopg2.

    Heroku-style ``postgres://`` is not accepted by SQLAlchemy, and SQLAlchemy 2.1 maps a
    bare ``postgresql://`` to psycopg 3, which this project does not install.
    """
    if not url:
        return url
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix) :]
    return url


def engine_options(url):
    # SQL parameters (password hashes, emails, token ids) never appear in logged errors.
    hidden = {"hide_parameters": True}
    if url.startswith("sqlite"):
        # Writers wait for each other instead of failing with "database is locked".
        return {**hidden, "connect_args": {"timeout": 30}}
    return {
        **hidden,
        # A connection killed by a PostgreSQL restart is replaced before use.
        "pool_pre_ping": True,
        "pool_size": env_int("DATABASE_POOL_SIZE", 5),
        "max_overflow": env_int("DATABASE_MAX_OVERFLOW", 5),
        "pool_timeout": float(env("DATABASE_POOL_TIMEOUT", "5")),
        # Fail fast (and answer 503) when the server is unreachable, and plan as below.
        "connect_args": {"connect_timeout": 3, "options": session_options()},
    }


def session_options():
    """PostgreSQL settings for the app's connections (libpq ``options``).

    No JIT: the visibility rule's per-row key probes (app/visibility.py) raise a page
    query's estimated cost past jit_above_cost, and compiling it took ~200 ms of a 0.3 ms
    query (bench/RESULTS.md); these are short OLTP statements, never worth it.

    ``random_page_cost`` 1.1 (DATABASE_RANDOM_PAGE_COST; empty keeps the server's), the
    usual value for SSDs and data in memory: with the default 4, once blocks and mutes
    had statistics, PostgreSQL probed those small tables with a sequential scan per
    feed row (0.02 ms each instead of 0.002: a for-you page went from 3 to 18 ms).

    ``plan_cache_mode`` ``force_generic_plan``: it concerns prepared statements only, and
    the app prepares only statements whose plan is the same for every value
    (app/database.py, part 5). Left to choose (``auto``), PostgreSQL kept planning the
    unread count afresh for a user with 5 unread notifications, because its plan for them
    was estimated cheaper than the generic one (pgbench: 1,307 counts/s against 8,058).
    """
    options = "-c jit=off -c plan_cache_mode=force_generic_plan"
    if cost := env("DATABASE_RANDOM_PAGE_COST", "1.1"):
        options += f" -c random_page_cost={float(cost)}"
    return options


def pool_capacity(url=None):
    """Connections one process may hold at once (pool plus overflow), None on SQLite.
    gunicorn.conf.py refuses more threads per worker than this."""
    url = normalize_database_url(url if url is not None else env("DATABASE_URL", "sqlite://"))
    if url.startswith("sqlite"):
        return None
    options = engine_options(url)
    return options["pool_size"] + options["max_overflow"]


class Config:
    ENV_NAME = "base"
    SECRET_KEY = env("SECRET_KEY", DEV_SECRET)
    JWT_SECRET_KEY = env("JWT_SECRET_KEY", env("SECRET_KEY", DEV_SECRET))
    SQLALCHEMY_DATABASE_URI = env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'app.db'}")
    SQLALCHEMY_RECORD_QUERIES = False
    # Server-side prepared statements for the hot reads (app/database.py, part 5); false
    # behind PgBouncer in transaction mode.
    DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)

    # Tokens: HS256 pinned, header tokens only (no cookies, so no CSRF surface).
    JWT_ALGORITHM = "HS256"
    JWT_DECODE_ALGORITHMS = ["HS256"]
    JWT_TOKEN_LOCATION = ["headers"]
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15))
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=env_int("JWT_REFRESH_DAYS", 30))
    JWT_DECODE_LEEWAY = 0
    JWT_ERROR_MESSAGE_KEY = "message"

    # Password hashing (argon2id): OWASP's first recommended configuration (m=19 MiB, t=2,
    # p=1), about 20 ms of one core here (README, "Password hashing"). Tests lower the cost;
    # production keeps the defaults. Hashes with other parameters are redone at login.
    ARGON2_TIME_COST = env_int("ARGON2_TIME_COST", 2)
    ARGON2_MEMORY_COST = env_int("ARGON2_MEMORY_COST", 19456)
    ARGON2_PARALLELISM = env_int("ARGON2_PARALLELISM", 1)
    # Hashes running at once, per process and across the processes sharing the lock
    # directory (every worker of every instance on the machine; empty: per process only);
    # beyond, a wait of at most PASSWORD_HASH_WAIT_SECONDS (none: a waiting sync worker
    # serves nobody else), then a 503 (app/security.py).
    PASSWORD_HASH_CONCURRENCY = env_int("PASSWORD_HASH_CONCURRENCY", max(1, (os.cpu_count() or 2) // 2))
    PASSWORD_HASH_LOCK_DIR = env(
        "PASSWORD_HASH_LOCK_DIR", "/dev/shm/shortvideo-password-slots" if os.path.isdir("/dev/shm") else ""
    )
    PASSWORD_HASH_WAIT_SECONDS = float(env("PASSWORD_HASH_WAIT_SECONDS", "0"))

    # Bodies: small everywhere, large only for the upload endpoint.
    MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 1024 * 1024)
    VIDEO_MAX_BYTES = env_int("VIDEO_MAX_BYTES", 100 * 1024 * 1024)
    MAX_FORM_MEMORY_SIZE = 500 * 1024
    MEDIA_ROOT = env("MEDIA_ROOT", str(INSTANCE_DIR / "media"))
    MEDIA_URL = env("MEDIA_URL", "/media/")
    # The API's public origin ("https://api.example.com"), for absolute URLs; when unset,
    # the origin each request came to.
    PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "")
    SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

    # Media storage (app/storage.py): local disk (MEDIA_ROOT) or an S3-compatible bucket.
    STORAGE_BACKEND = env("STORAGE_BACKEND", "local")
    S3_ENDPOINT_URL = env("S3_ENDPOINT_URL", "")  # empty: AWS itself
    S3_BUCKET = env("S3_BUCKET", "")
    S3_ACCESS_KEY_ID = env("S3_ACCESS_KEY_ID", "")  # empty: boto3's own chain (IAM role, ...)
    S3_SECRET_ACCESS_KEY = env("S3_SECRET_ACCESS_KEY", "")
    S3_REGION = env("S3_REGION", "us-east-1")
    # A public bucket or CDN in front of it; unset, media are served by presigned URLs.
    MEDIA_BASE_URL = env("MEDIA_BASE_URL", "")
    S3_URL_EXPIRES_SECONDS = env_int("S3_URL_EXPIRES_SECONDS", 6 * 3600)
    S3_CONNECT_TIMEOUT = float(env("S3_CONNECT_TIMEOUT", "2"))
    S3_READ_TIMEOUT = float(env("S3_READ_TIMEOUT", "20"))

    # Background work (app/tasks.py): a Celery broker, or none (tasks run in the web process).
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", "")
    CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
    CELERY_QUEUE = env("CELERY_QUEUE", "shortvideo")  # one per deployment sharing a broker
    # Media processing (app/videos/tasks.py).
    VIDEO_MAX_SECONDS = env_int("VIDEO_MAX_SECONDS", 600)
    RENDITION_MAX_SHORT_SIDE = env_int("RENDITION_MAX_SHORT_SIDE", 720)
    THUMBNAIL_MAX_WIDTH = env_int("THUMBNAIL_MAX_WIDTH", 720)
    # The sweep (app/videos/tasks.py): a video processing for longer than this (more than
    # a transcode's 30-minute timeout) is queued again, and failed after so many attempts.
    PROCESSING_STUCK_MINUTES = env_int("PROCESSING_STUCK_MINUTES", 45)
    PROCESSING_MAX_ATTEMPTS = env_int("PROCESSING_MAX_ATTEMPTS", 3)
    SWEEP_SECONDS = env_int("SWEEP_SECONDS", 300)  # how often the worker's beat sweeps
    # Direct uploads (app/uploads/): parts of this size (S3 needs at least 5 MiB but the
    # last), open for this long.
    UPLOAD_PART_BYTES = env_int("UPLOAD_PART_BYTES", 8 * 1024 * 1024)
    UPLOAD_EXPIRES_HOURS = env_int("UPLOAD_EXPIRES_HOURS", 24)

    # Outgoing email (app/mail.py), over SMTP. Without MAIL_SERVER (the development
    # default) every mail is written to the log, whole. MAIL_PORT 0: 465 with SSL, 587
    # with STARTTLS (MAIL_USE_TLS), else 25.
    MAIL_SERVER = env("MAIL_SERVER", "")
    MAIL_PORT = env_int("MAIL_PORT", 0)
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = env_bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = env("MAIL_USERNAME", "")
    MAIL_PASSWORD = env("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = env("MAIL_DEFAULT_SENDER", "Short-video <no-reply@localhost>")
    MAIL_TIMEOUT = float(env("MAIL_TIMEOUT", "10"))
    MAIL_RETRY_SECONDS = env_int("MAIL_RETRY_SECONDS", 10)  # first retry; doubles each time
    # Where the links in mails lead: a page of the app that reads ?token= (a URL, to which
    # the token parameter is added); unset, PUBLIC_BASE_URL + /reset-password or /verify-email.
    FRONTEND_RESET_URL = env("FRONTEND_RESET_URL", "")
    FRONTEND_VERIFY_URL = env("FRONTEND_VERIFY_URL", "")
    # Accounts (app/auth/): lifetimes of the mailed tokens, and whether accounts must
    # verify their address before they post, comment, like or follow.
    PASSWORD_RESET_MINUTES = env_int("PASSWORD_RESET_MINUTES", 60)
    EMAIL_VERIFICATION_HOURS = env_int("EMAIL_VERIFICATION_HOURS", 48)
    REQUIRE_VERIFIED_EMAIL = env_bool("REQUIRE_VERIFIED_EMAIL", False)
    # Data exports (app/exports/): how long an archive stays downloadable, and after how
    # long a build that never finished (its task lost) is marked failed by the sweep.
    EXPORT_EXPIRES_DAYS = env_int("EXPORT_EXPIRES_DAYS", 7)
    EXPORT_STUCK_MINUTES = env_int("EXPORT_STUCK_MINUTES", 180)
    # Trust and safety. GET /api/instance publishes these; with TERMS_VERSION set,
    # registering requires accepting that version.
    INSTANCE_NAME = env("INSTANCE_NAME", "Short-video API")
    INSTANCE_DESCRIPTION = env("INSTANCE_DESCRIPTION", "A short-video community.")
    CONTACT_EMAIL = env("CONTACT_EMAIL", "")
    TERMS_URL = env("TERMS_URL", "")
    TERMS_VERSION = env("TERMS_VERSION", "")
    # How long each process keeps the blocked terms before reading them again (s).
    BLOCKED_TERMS_CACHE_SECONDS = env_int("BLOCKED_TERMS_CACHE_SECONDS", 30)

    # OpenAPI (flask-smorest)
    API_TITLE = "Short-video API"
    API_VERSION = "2"
    API_DESCRIPTION = (
        "The REST API of a short-video app: accounts, profiles, uploads and processing, feeds,"
        " comments, likes and follows. Errors are JSON `{code, status, message, errors}`; lists"
        " are keyset-paginated `{items, next_cursor}`."
    )
    API_LICENSE_NAME = "MIT"
    API_LICENSE_URL = "https://opensource.org/license/mit"
    # CONTACT_EMAIL (trust and safety, above) is published in the OpenAPI document too.
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    # Swagger UI's assets: served by the app (app/docs), so the docs work offline.
    OPENAPI_SWAGGER_UI_URL = env("SWAGGER_UI_URL", "/api/docs/assets/")

    # Prometheus metrics at /metrics (app/metrics.py); logs as JSON lines (app/logs.py).
    METRICS_ENABLED = env_bool("METRICS_ENABLED", False)
    LOG_FORMAT = env("LOG_FORMAT", "text")

    # Idempotency-Key (app/idempotency.py): kept in Redis when a URL is set, else in the
    # database. A claim whose request died is taken over after the lease (longer than any
    # request: gunicorn kills one after GUNICORN_TIMEOUT).
    IDEMPOTENCY_REDIS_URL = env("IDEMPOTENCY_REDIS_URL", env("REDIS_URL", ""))
    IDEMPOTENCY_REDIS_TIMEOUT = float(env("IDEMPOTENCY_REDIS_TIMEOUT", "0.5"))
    IDEMPOTENCY_LEASE_SECONDS = env_int("IDEMPOTENCY_LEASE_SECONDS", 120)

    # Rate limits (Flask-Limiter). memory:// is per process; set REDIS_URL for several
    # workers or machines.
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", env("REDIS_URL", "memory://"))
    RATELIMIT_HEADERS_ENABLED = True
    # Every Redis client (rate limits, health checks): short timeouts, so an outage costs
    # a fraction of a second, never a worker (app/limits.py).
    REDIS_CONNECT_TIMEOUT = float(env("REDIS_CONNECT_TIMEOUT", "0.25"))
    REDIS_READ_TIMEOUT = float(env("REDIS_READ_TIMEOUT", "0.25"))
    # After a storage failure, limits are skipped (or refused) for this long per process,
    # and the warning is logged at most once per RATELIMIT_OUTAGE_LOG_SECONDS.
    RATELIMIT_OUTAGE_RETRY_SECONDS = float(env("RATELIMIT_OUTAGE_RETRY_SECONDS", "5"))
    RATELIMIT_OUTAGE_LOG_SECONDS = float(env("RATELIMIT_OUTAGE_LOG_SECONDS", "60"))
    RATELIMIT_LOGIN_IP = env("RATELIMIT_LOGIN_IP", "10/minute")
    # Failed verifications per account (login, and every other password check).
    RATELIMIT_LOGIN_ACCOUNT = env("RATELIMIT_LOGIN_ACCOUNT", "5/minute")
    RATELIMIT_PASSWORD_ACCOUNT = env("RATELIMIT_PASSWORD_ACCOUNT", env("RATELIMIT_LOGIN_ACCOUNT", "5/minute"))
    # Every attempt per address at the other password checks (password change, deletion).
    RATELIMIT_PASSWORD_IP = env("RATELIMIT_PASSWORD_IP", "10/minute")
    RATELIMIT_REGISTER = env("RATELIMIT_REGISTER", "5/hour")
    RATELIMIT_REFRESH = env("RATELIMIT_REFRESH", "30/minute")
    RATELIMIT_UPLOAD = env("RATELIMIT_UPLOAD", "20/hour")
    RATELIMIT_COMMENT = env("RATELIMIT_COMMENT", "30/minute")
    RATELIMIT_SOCIAL = env("RATELIMIT_SOCIAL", "120/minute")
    RATELIMIT_VIEW = env("RATELIMIT_VIEW", "60/minute")
    RATELIMIT_SHARE = env("RATELIMIT_SHARE", "60/minute")
    # Engagement (README, "Notifications and engagement").
    TRENDING_HOURS = int(env("TRENDING_HOURS", "24"))
    # Trending is computed at most this often per process (app/hashtags/queries.py).
    TRENDING_CACHE_SECONDS = env_int("TRENDING_CACHE_SECONDS", 60)
    NOTIFICATION_RETENTION_DAYS = int(env("NOTIFICATION_RETENTION_DAYS", "90"))
    # Suggested accounts read at most this many of the viewer's most recent follows, and
    # of each of those accounts at most this many of its own most recent follows.
    SUGGESTED_FOLLOWS_SCANNED = int(env("SUGGESTED_FOLLOWS_SCANNED", "500"))
    SUGGESTED_FOLLOWS_PER_ACCOUNT = int(env("SUGGESTED_FOLLOWS_PER_ACCOUNT", "100"))
    RATELIMIT_PASSWORD_RESET_IP = env("RATELIMIT_PASSWORD_RESET_IP", "10/hour")
    RATELIMIT_PASSWORD_RESET_EMAIL = env("RATELIMIT_PASSWORD_RESET_EMAIL", "3/hour")
    RATELIMIT_ACCOUNT_TOKEN = env("RATELIMIT_ACCOUNT_TOKEN", "20/hour")  # confirm a reset, verify
    RATELIMIT_EMAIL_VERIFICATION = env("RATELIMIT_EMAIL_VERIFICATION", "5/hour")
    RATELIMIT_EXPORT = env("RATELIMIT_EXPORT", "1/day")
    # Writes with no limit of their own (video edits, comment deletion, profile edits).
    RATELIMIT_WRITE = env("RATELIMIT_WRITE", "60/minute")
    RATELIMIT_REPORT = env("RATELIMIT_REPORT", "20/day")

    # CORS: a comma-separated list of allowed origins; empty means CORS is off.
    CORS_ORIGINS = [o.strip() for o in env("CORS_ORIGINS", "").split(",") if o.strip()]
    # The host names the API answers to (comma-separated; Flask refuses others with a
    # 400, whether in Host or, behind a trusted proxy, X-Forwarded-Host). Empty: any.
    TRUSTED_HOSTS = [h.strip() for h in env("TRUSTED_HOSTS", "").split(",") if h.strip()] or None
    # Number of trusted proxies in front of gunicorn (nginx = 1). 0 trusts none.
    PROXY_HOPS = env_int("PROXY_HOPS", 0)

    @classmethod
    def init(cls, app):
        """Finish the configuration once overrides (instance/config.py, tests) are in."""
        url = normalize_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
        app.config["SQLALCHEMY_DATABASE_URI"] = url
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(url))
        if app.config["MAIL_USE_TLS"] and app.config["MAIL_USE_SSL"]:
            raise RuntimeError("Set MAIL_USE_TLS (STARTTLS, port 587) or MAIL_USE_SSL (port 465), not both")
        if not app.config["MAIL_PORT"]:
            ssl, tls = app.config["MAIL_USE_SSL"], app.config["MAIL_USE_TLS"]
            app.config["MAIL_PORT"] = 465 if ssl else 587 if tls else 25


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    TRENDING_CACHE_SECONDS = 0  # tests/test_hashtags.py turns it on where it tests it
    # tests/conftest.py passes the test database's URL to create_app().
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    # Per process: test runs of several checkouts on one machine must not share slots.
    PASSWORD_HASH_LOCK_DIR = ""
    PASSWORD_HASH_CONCURRENCY = 4
    PASSWORD_HASH_WAIT_SECONDS = 0.5
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    IDEMPOTENCY_REDIS_URL = ""  # the database store; tests/test_idempotency.py also runs Redis
    VIDEO_MAX_BYTES = 64 * 1024
    # Let the JSON 500 handler run instead of re-raising inside the test client.
    PROPAGATE_EXCEPTIONS = False


class ProductionConfig(Config):
    ENV_NAME = "production"
    SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

    @classmethod
    def init(cls, app):
        super().init(app)
        problems = []
        for key in ("SECRET_KEY", "JWT_SECRET_KEY"):
            value = app.config.get(key) or ""
            if value == DEV_SECRET or len(value.encode()) < MIN_SECRET_BYTES:
                problems.append(f"{key} must be set to at least {MIN_SECRET_BYTES} random bytes")
        if not env("DATABASE_URL"):
            problems.append("DATABASE_URL must be set")
        if app.config["STORAGE_BACKEND"] == "s3" and not app.config["S3_BUCKET"]:
            problems.append("S3_BUCKET must be set with STORAGE_BACKEND=s3")
        links = app.config["FRONTEND_RESET_URL"] and app.config["FRONTEND_VERIFY_URL"]
        if app.config["MAIL_SERVER"] and not (app.config["PUBLIC_BASE_URL"] or links):
            # Links are never built from the request's Host header (reset-link poisoning).
            problems.append("PUBLIC_BASE_URL (or FRONTEND_RESET_URL and FRONTEND_VERIFY_URL) must be set")
        if problems:
            raise RuntimeError("Refusing to start in production: " + "; ".join(problems))


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def get_config(name=None):
    name = name or env("APP_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"Unknown APP_CONFIG {name!r}; use one of {sorted(CONFIGS)}") from None
