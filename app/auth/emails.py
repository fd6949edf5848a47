"""The mails of the auth section: their links, texts and HTML.

A link is ``FRONTEND_RESET_URL`` / ``FRONTEND_VERIFY_URL`` (an app's own page) or
``PUBLIC_BASE_URL`` + ``/reset-password`` / ``/verify-email``, with the token added as the
``token`` query parameter. Never the request's Host header: a forged one would send the
victim a link to the attacker's site, with the victim's token in it.
"""

from email.message import EmailMessage
from html import escape
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import current_app

from app.mail import compose
from app.models import User

DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


def link(*, template_key: str, default_path: str, token: str) -> str:
    config = current_app.config
    base = (
        config[template_key] or (config["PUBLIC_BASE_URL"] or DEVELOPMENT_BASE_URL).rstrip("/") + default_path
    )
    scheme, netloc, path, query, fragment = urlsplit(base)
    params = [(name, value) for name, value in parse_qsl(query, keep_blank_values=True) if name != "token"]
    return urlunsplit((scheme, netloc, path, urlencode([*params, ("token", token)]), fragment))


def password_reset(*, user: User, token: str) -> EmailMessage:
    url = link(template_key="FRONTEND_RESET_URL", default_path="/reset-password", token=token)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    return _message(
        user=user,
        subject="Reset your password",
        lines=[
            "Someone (we hope you) asked to reset the password of your account.",
            f"Choose a new password with this link, within {minutes} minutes; it works once:",
        ],
        url=url,
        action="Choose a new password",
        after="If you did not ask for this, ignore this mail: your password stays as it is.",
    )


def email_verification(*, user: User, token: str) -> EmailMessage:
    url = link(template_key="FRONTEND_VERIFY_URL", default_path="/verify-email", token=token)
    hours = current_app.config["EMAIL_VERIFICATION_HOURS"]
    return _message(
        user=user,
        subject="Confirm your email address",
        lines=[
            "Please confirm that this address is yours.",
            f"Open this link within {hours} hours:",
        ],
        url=url,
        action="Confirm my address",
        after="If you did not create an account, ignore this mail.",
    )


def _message(
    *, user: User, subject: str, lines: list[str], url: str, action: str, after: str
) -> EmailMessage:
    greeting = f"Hello {user.display_name or user.username},"
    text = "\n\n".join([greeting, *lines[:-1], f"{lines[-1]}\n{url}", after]) + "\n"
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in [greeting, *lines])
    html = (
        '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">'
        f'{paragraphs}<p><a href="{escape(url)}">{escape(action)}</a></p>'
        f'<p style="color: #666; font-size: small">{escape(url)}</p>'
        f"<p>{escape(after)}</p></body></html>"
    )
    return compose(to=user.email, subject=subject, text=text, html=html)
