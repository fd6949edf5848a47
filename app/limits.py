"""Rate limits (Flask-Limiter), each read from the configuration at request time.

Counters live in Redis when ``REDIS_URL`` or ``RATELIMIT_STORAGE_URI`` is set, so every
gunicorn worker and machine shares them; in memory otherwise (one process only).
"""

from flask import current_app, request
from flask_jwt_extended import get_jwt_identity
from flask_limiter.util import get_remote_address

from app.extensions import limiter


def limit(config_key, key_func=None):
    """Apply the limit configured under ``config_key`` (e.g. ``"10/minute"``), read at
    request time so tests and operators can change it. Routes declare the 429."""
    return limiter.limit(lambda: current_app.config[config_key], key_func=key_func, scope=config_key)


def login_key():
    """The normalised account name of a login attempt, so one account's failures are
    limited whichever IP addresses they come from."""
    data = request.get_json(silent=True)
    login = data.get("login") if isinstance(data, dict) else None
    if isinstance(login, str) and login.strip():
        return "login:" + login.strip().lower()[:254]
    return "ip:" + get_remote_address()


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
