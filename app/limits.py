"""Rate limits (Flask-Limiter), each read from the configuration at request time.

Counters live in Redis when ``REDIS_URL`` or ``RATELIMIT_STORAGE_URI`` is set, so every
gunicorn worker and machine shares them; in memory otherwise (one process only).

When the storage does not answer (refused, or silent past ``REDIS_READ_TIMEOUT``), the
limits of most endpoints fail open: the request is served unlimited and a warning is
logged once per ``RATELIMIT_OUTAGE_LOG_SECONDS``. Endpoints declared ``fail_closed``
(login, register, refresh, every password check) answer a JSON 503 with ``Retry-After``
instead: unlimited password guessing is worse than a short outage of sign-in. After a
failure the storage is left alone for ``RATELIMIT_OUTAGE_RETRY_SECONDS``, so an outage
costs one timeout per interval and process, not one per request.

Three reusable pieces for the endpoints of every blueprint:

- ``limit(config_key, ...)``: one configured limit (e.g. ``"10/minute"``);
- ``limit_writes``: the per-user limit of writes that have no limit of their own;
- ``limit_password_checks(account=...)``: for any endpoint that verifies a password.
"""

import logging
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

import flask_limiter
from flask import Flask, current_app, g, request
from flask_jwt_extended import get_jwt_identity
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_qualified_name, get_remote_address
from limits import parse
from limits.errors import StorageError
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from app.errors import AppError, BadCredentials, Unavailable, error_response

log = logging.getLogger(__name__)

# What a storage outage raises: limits wraps the client's errors (wrap_exceptions), the
# rest is belt and braces for a storage that does not.
STORAGE_ERRORS = (StorageError, RedisError, OSError)

# Qualified names of the views whose limits fail closed.
FAIL_CLOSED: set[str] = set()


class LimitsUnavailable(Unavailable):
    message = "Sign-in is briefly unavailable; try again shortly."

    def __init__(self, retry_after: int):
        super().__init__()
        self.headers = {"Retry-After": str(retry_after)}


class TooManyAttempts(AppError):
    code = 429
    message = "Too many failed password attempts; retry after Retry-After seconds."

    def __init__(self, retry_after: int):
        super().__init__(headers={"Retry-After": str(max(1, retry_after))})


def redis_options(config: Any) -> dict[str, Any]:
    """Connection options for every Redis client of the app: short timeouts, no retries
    (redis-py would otherwise retry with backoff and multiply each timeout)."""
    return {
        "socket_connect_timeout": config["REDIS_CONNECT_TIMEOUT"],
        "socket_timeout": config["REDIS_READ_TIMEOUT"],
        "retry": Retry(NoBackoff(), 0),
    }


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter, failing open or closed per endpoint when its storage is down."""

    def init_app(self, app: Flask) -> None:
        uri = app.config["RATELIMIT_STORAGE_URI"]
        if uri.startswith(("redis", "rediss", "valkey")):
            options = {**redis_options(app.config), "wrap_exceptions": True}
            app.config["RATELIMIT_STORAGE_OPTIONS"] = {
                **options,
                **app.config.get("RATELIMIT_STORAGE_OPTIONS", {}),
            }
        self._outage_lock = threading.Lock()
        self._outage_until = 0.0
        self._warned_at = -float("inf")
        self._retry_seconds = app.config["RATELIMIT_OUTAGE_RETRY_SECONDS"]
        self._log_seconds = app.config["RATELIMIT_OUTAGE_LOG_SECONDS"]
        self._storage_uri_of_app = uri
        # Flask runs after-request functions last registered first: this one runs after
        # Flask-Limiter's header injection, the one registered below it before.
        app.after_request(_retry_after_on_429_and_503_only)
        super().init_app(app)
        app.after_request(_keep_the_apps_retry_after)
        app.register_error_handler(StorageError, self._storage_error_response)

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if not self.enabled:
            return
        if time.monotonic() < self._outage_until:
            self._refuse_if_fail_closed()
            return
        try:
            super()._check_request_limit(callable_name, in_middleware)
        except RateLimitExceeded:
            raise
        except STORAGE_ERRORS as error:
            self.context.reset()  # nothing left for the headers to read from the storage
            self.storage_failed(error)
            self._refuse_if_fail_closed()

    def storage_failed(self, error: BaseException) -> None:
        """Leave the storage alone for a while, and say so once per log interval."""
        now = time.monotonic()
        with self._outage_lock:
            self._outage_until = now + self._retry_seconds
            warn = now - self._warned_at >= self._log_seconds
            if warn:
                self._warned_at = now
        if warn:
            log.warning(
                "Rate-limit storage unreachable (%s): limits fail open, sign-in and password"
                " endpoints answer 503, for the next %ss",
                type(error).__name__,
                self._retry_seconds,
            )

    def storage_state(self) -> str:
        """The health check's view of the rate-limit storage: ``memory`` (per process),
        ``ok`` or ``unreachable``."""
        if not self.enabled or self._storage is None or self._storage_uri_of_app.startswith("memory"):
            return "memory" if self.enabled else "off"
        return "ok" if self._storage.check() else "unreachable"

    def in_outage(self) -> bool:
        return time.monotonic() < self._outage_until

    def unavailable(self) -> LimitsUnavailable:
        return LimitsUnavailable(retry_after=max(1, round(self._retry_seconds)))

    def _refuse_if_fail_closed(self) -> None:
        view = current_app.view_functions.get(request.endpoint or "")
        if view is not None and get_qualified_name(view) in FAIL_CLOSED:
            raise self.unavailable()

    def _storage_error_response(self, error: StorageError):
        # The storage failed after the checks passed (while writing the headers, say).
        self.storage_failed(error)
        unavailable = self.unavailable()
        return error_response(unavailable.code, unavailable.message, headers=unavailable.headers)


def _keep_the_apps_retry_after(response):
    g.app_retry_after = response.headers.get("Retry-After")
    return response


def _retry_after_on_429_and_503_only(response):
    """Flask-Limiter sends ``Retry-After`` on every limited response (the window's reset,
    even on a 201) and raises the app's own value to it. The contract: on 429 and 503
    only, and on a 503 the app's own (the database's, the hashing bound's) value."""
    own = g.pop("app_retry_after", None)
    if response.status_code == 503 and own is not None:
        response.headers["Retry-After"] = own
    elif response.status_code not in (429, 503):
        response.headers.pop("Retry-After", None)
    return response


limiter = Limiter(key_func=get_remote_address)


def limit(config_key: str, key_func: Callable[[], str] | None = None, *, fail_closed: bool = False):
    """Apply the limit configured under ``config_key`` (e.g. ``"10/minute"``), read at
    request time so tests and operators can change it. Routes declare the 429.
    ``fail_closed``: a storage outage is a 503 for this endpoint, not unlimited access."""
    decorate = limiter.limit(lambda: current_app.config[config_key], key_func=key_func, scope=config_key)

    def decorator(func):
        if fail_closed:
            FAIL_CLOSED.add(get_qualified_name(func))
        return decorate(func)

    return decorator


def email_key():
    """The normalised address of a password-reset request, so one mailbox cannot be
    flooded whichever IP addresses the requests come from."""
    data = request.get_json(silent=True)
    email = data.get("email") if isinstance(data, dict) else None
    if isinstance(email, str) and email.strip():
        return "email:" + email.strip().lower()[:254]
    return "ip:" + get_remote_address()


def user_key():
    """The signed-in user, else the client address (login_required/optional run first)."""
    identity = get_jwt_identity()
    return f"user:{identity}" if identity else f"ip:{get_remote_address()}"


def signed_in_account() -> str:
    """The account key of an endpoint that re-checks the signed-in user's password."""
    return f"user:{get_jwt_identity()}"


def limit_writes(func):
    """The per-user limit (``RATELIMIT_WRITE``) of a write that has no limit of its own
    (edits, deletions, blocks, reports, ...). Put it under ``login_required``."""
    return limit("RATELIMIT_WRITE", key_func=user_key)(func)


def limit_password_checks(
    *,
    account: Callable[[], str],
    ip_limit: str = "RATELIMIT_PASSWORD_IP",
    account_limit: str = "RATELIMIT_PASSWORD_ACCOUNT",
):
    """Rate limit an endpoint that verifies a password, for any endpoint that does
    (login, password change, account deletion, anything later).

    - Per client address, every attempt counts (``ip_limit``, a Flask-Limiter limit).
    - Per account (``account()`` returns its key, the same whatever form of the name
      was used), only failed verifications count (the view raised ``BadCredentials``),
      up to ``account_limit`` in its window. Once the account has reached it, clients
      that failed on it within the window are refused (429) before any hash is
      computed; a client that has not may still try, so strangers cannot lock the owner
      out. Its counts are never sent in the rate-limit headers.
    - A storage outage is a 503 with ``Retry-After`` (fail closed).

    Place it directly above the view function (below ``arguments`` and
    ``login_required``), and declare 429 on the route.
    """

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not limiter.enabled:
                return view(*args, **kwargs)
            failures = _Failures(current_app.config[account_limit], account(), get_remote_address())
            locked = failures.account_locked()
            if locked and failures.client_failed():
                raise TooManyAttempts(failures.retry_after())
            try:
                return view(*args, **kwargs)
            except BadCredentials:
                failures.record()
                if locked:
                    raise TooManyAttempts(failures.retry_after()) from None
                raise

        return limit(ip_limit, fail_closed=True)(guarded)

    return decorator


class _Failures:
    """The failed-verification counters of one account, and of one client on it."""

    def __init__(self, limit_text: str, account_key: str, client: str):
        self.item = parse(limit_text)
        self.account_keys = ("password-failures", account_key)
        self.client_keys = ("password-failures", account_key, client)

    def _call(self, method: str, *args):
        if limiter.in_outage():
            raise limiter.unavailable()
        try:
            return getattr(limiter.limiter, method)(self.item, *args)
        except STORAGE_ERRORS as error:
            limiter.storage_failed(error)
            raise limiter.unavailable() from None

    def account_locked(self) -> bool:
        return not self._call("test", *self.account_keys)

    def client_failed(self) -> bool:
        stats = self._call("get_window_stats", *self.client_keys)
        return stats.remaining < self.item.amount

    def record(self) -> None:
        self._call("hit", *self.account_keys)
        self._call("hit", *self.client_keys)

    def retry_after(self) -> int:
        stats = self._call("get_window_stats", *self.account_keys)
        return int(stats.reset_time - time.time()) + 1
