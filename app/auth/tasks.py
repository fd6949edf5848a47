"""Background work of accounts: the password-reset and verification mails.

Each task makes its token itself, after the request's commit, so the token never travels
through the broker and exists only in the worker's memory and in the mail. A mail server
that is down is retried, further apart each time (about an hour and a half in all); the
token of a mail that could not be sent is dropped, and each retry mails a fresh one.
Running a task twice sends a second mail with a second token: harmless, both work until
one is used.
"""

import logging
from datetime import timedelta

import sqlalchemy as sa
from celery import shared_task
from flask import current_app

from app import mail
from app.auth import emails, tokens
from app.extensions import db
from app.models import User
from app.models.account import EMAIL_VERIFICATION, PASSWORD_RESET

log = logging.getLogger(__name__)

# Retried (MAIL_RETRY_SECONDS, doubling up to 15 minutes; about 1.5 hours in all with
# the default of 10 s); then the mail is given up and logged.
MAX_RETRIES = 10


@shared_task(bind=True, name="auth.send_password_reset", max_retries=MAX_RETRIES)
def send_password_reset(self, email: str) -> bool:
    """Mail a reset link if ``email`` names an account; False (and nothing sent) if not."""
    user = db.session.scalar(sa.select(User).where(User.email_key == email.lower()))
    if user is None:
        db.session.rollback()
        return False
    lifetime = timedelta(minutes=current_app.config["PASSWORD_RESET_MINUTES"])
    token = tokens.issue(user=user, purpose=PASSWORD_RESET, lifetime=lifetime)
    return _deliver(self, emails.password_reset(user=user, token=token), token)


@shared_task(bind=True, name="auth.send_email_verification", max_retries=MAX_RETRIES)
def send_email_verification(self, user_id: int) -> bool:
    """Mail a verification link unless the account is gone or already verified."""
    user = db.session.get(User, user_id)
    if user is None or user.email_verified:
        db.session.rollback()
        return False
    lifetime = timedelta(hours=current_app.config["EMAIL_VERIFICATION_HOURS"])
    token = tokens.issue(user=user, purpose=EMAIL_VERIFICATION, lifetime=lifetime)
    return _deliver(self, emails.email_verification(user=user, token=token), token)


def _deliver(task, message, token: str) -> bool:
    db.session.commit()  # the token works from the moment the mail can arrive
    try:
        mail.send(message)
    except mail.MailRefused:
        log.warning("Mail to %s refused for good; not retried", message["To"])
        _drop(token)
        return False
    except mail.MailUnavailable as error:
        _drop(token)
        retries = task.request.retries
        if task.request.called_directly or retries >= task.max_retries:
            # Inline (no task queue) there is nobody to retry: the request still succeeds.
            log.error("Mail to %s not sent (%s); given up", message["To"], error)
            return False
        log.warning("Mail to %s not sent (%s); it will be retried", message["To"], error)
        delay = min(current_app.config["MAIL_RETRY_SECONDS"] * 2**retries, 900)
        raise task.retry(countdown=delay)
    return True


def _drop(token: str) -> None:
    tokens.drop_token(token)
    db.session.commit()


@shared_task(name="auth.sweep_expired_tokens")
def sweep_expired_tokens() -> int:
    """Delete the reset and verification tokens past their expiry; returns how many."""
    removed = tokens.sweep_expired()
    db.session.commit()
    return removed
