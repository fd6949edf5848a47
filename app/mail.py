"""Outgoing email over SMTP, with the standard library (smtplib and email.message).

``send()`` delivers one message with a plain-text and an HTML part to ``MAIL_SERVER``
(STARTTLS with ``MAIL_USE_TLS``, TLS from the first byte with ``MAIL_USE_SSL``, login when
``MAIL_USERNAME`` is set), within ``MAIL_TIMEOUT`` seconds. Without ``MAIL_SERVER`` (the
development default) the whole message is written to the log instead, so ``make run``
shows every link.

Callers are tasks (``app/auth/tasks.py``), never a request's transaction: a server that
is down or refuses for now raises ``MailUnavailable``, and the task retries later.
"""

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app

log = logging.getLogger(__name__)


class MailUnavailable(Exception):
    """The mail server could not take the message now; worth trying again later."""


class MailRefused(Exception):
    """The mail server refused the message for good (a bad recipient): not retried."""


def compose(*, to: str, subject: str, text: str, html: str) -> EmailMessage:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].rstrip(">") or None)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def send(message: EmailMessage) -> None:
    config = current_app.config
    if not config["MAIL_SERVER"]:
        # Development: the log is the outbox (links included). WARNING, so that it shows
        # under the default logging of `flask run` and of the Celery worker.
        log.warning("MAIL_SERVER is not set; this mail is not sent:\n%s", readable(message))
        return
    try:
        with _connect(config) as smtp:
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        if all(500 <= code < 600 for code in codes):
            raise MailRefused(f"The mail server refused {message['To']}: {codes}") from None
        raise MailUnavailable(f"The mail server deferred {message['To']}: {codes}") from None
    except (OSError, smtplib.SMTPException) as error:
        # Connection refused or timed out, TLS failures, 4xx answers, a dropped session.
        raise MailUnavailable(f"{type(error).__name__}: {error}") from None
    log.info("Mail %s sent to %s", message["Message-ID"], message["To"])


def readable(message: EmailMessage) -> str:
    """The whole message as a person reads it: headers, then each part decoded (the wire
    form is quoted-printable, which breaks links over lines)."""
    headers = "".join(f"{name}: {value}\n" for name, value in message.items())
    parts = [
        f"--- {part.get_content_type()} ---\n{part.get_content()}"
        for part in message.walk()
        if not part.is_multipart()
    ]
    return headers + "\n" + "\n".join(parts)


def _connect(config) -> smtplib.SMTP:
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    context = ssl.create_default_context()
    if config["MAIL_USE_SSL"]:
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=context)
    except BaseException:
        smtp.close()
        raise
    return smtp
