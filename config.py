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
        "pool_timeout": 5,
        # Fail fast (and answer 503) when the server is unreachable. No JIT: the
        # visibility rule's per-row key probes (app/visibility.py) raise a page query's
        # estimated cost past jit_above_cost, and compiling it took ~200 ms of a 0.3 ms
        # query (bench/RESULTS.md); these are short OLTP statements, never worth it.
        "connect_args": {"connect_timeout": 3, "options": "-c jit=off"},
    }


class Config:
    ENV_NAME = "base"
    SECRET_KEY = env("SECRET_KEY", DEV_SECRET)
    JWT_SECRET_KEY = env("JWT_SECRET_KEY", env("SECRET_KEY", DEV_SECRET))
    SQLALCHEMY_DATABASE_URI = env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'app.db'}")
    SQLALCHEMY_RECORD_QUERIES = False

    # Tokens: HS256 pinned, header tokens only (no cookies, so no CSRF surface).
    JWT_ALGORITHM = "HS256"
    JWT_DECODE_ALGORITHMS = ["HS256"]
    JWT_TOKEN_LOCATION = ["headers"]
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15))
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=env_int("JWT_REFRESH_DAYS", 30))
    JWT_DECODE_LEEWAY = 0
    JWT_ERROR_MESSAGE_KEY = "message"

    # Password hashing (argon2id). Tests lower the cost; production keeps the defaults.
    ARGON2_TIME_COST = env_int("ARGON2_TIME_COST", 3)
    ARGON2_MEMORY_COST = env_int("ARGON2_MEMORY_COST", 65536)
    ARGON2_PARALLELISM = env_int("ARGON2_PARALLELISM", 4)

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
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    OPENAPI_SWAGGER_UI_URL = env("SWAGGER_UI_URL", "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/")

    # Rate limits (Flask-Limiter). memory:// is per process; set REDIS_URL for several
    # workers or machines.
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", env("REDIS_URL", "memory://"))
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN_IP = env("RATELIMIT_LOGIN_IP", "10/minute")
    RATELIMIT_LOGIN_ACCOUNT = env("RATELIMIT_LOGIN_ACCOUNT", "5/minute")
    RATELIMIT_REGISTER = env("RATELIMIT_REGISTER", "5/hour")
    RATELIMIT_REFRESH = env("RATELIMIT_REFRESH", "30/minute")
    RATELIMIT_UPLOAD = env("RATELIMIT_UPLOAD", "20/hour")
    RATELIMIT_COMMENT = env("RATELIMIT_COMMENT", "30/minute")
    RATELIMIT_SOCIAL = env("RATELIMIT_SOCIAL", "120/minute")
    RATELIMIT_VIEW = env("RATELIMIT_VIEW", "60/minute")
    RATELIMIT_REPORT = env("RATELIMIT_REPORT", "20/day")

    # CORS: a comma-separated list of allowed origins; empty means CORS is off.
    CORS_ORIGINS = [o.strip() for o in env("CORS_ORIGINS", "").split(",") if o.strip()]
    # Number of trusted proxies in front of gunicorn (nginx = 1). 0 trusts none.
    PROXY_HOPS = env_int("PROXY_HOPS", 0)

    @classmethod
    def init(cls, app):
        """Finish the configuration once overrides (instance/config.py, tests) are in."""
        url = normalize_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
        app.config["SQLALCHEMY_DATABASE_URI"] = url
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(url))


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    # tests/conftest.py passes the test database's URL to create_app().
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
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
