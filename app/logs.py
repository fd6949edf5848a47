"""Logs as JSON lines, one object per line, when ``LOG_FORMAT=json`` (for log shippers).

Every line carries the request id (``X-Request-ID``: nginx's, or gunicorn's when a request
came without one) while a request is being served, so the app's lines and the access log
join on it. ``GunicornJsonLogger`` (gunicorn.conf.py sets it) writes gunicorn's own lines
and the access log the same way.
"""

import json
import logging
from datetime import UTC, datetime

from flask import Flask, has_request_context, request
from gunicorn.glogging import Logger as GunicornLogger


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, str | None] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry["request_id"] = request.headers.get("X-Request-ID")
            entry["method"] = request.method
            entry["path"] = request.path
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def init_app(app: Flask) -> None:
    if app.config["LOG_FORMAT"] != "json":
        return
    root = logging.getLogger()
    if not any(isinstance(handler.formatter, JsonFormatter) for handler in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(min(root.level or logging.INFO, logging.INFO))
    app.logger.handlers.clear()  # Flask's own handler would print the same lines as text
    app.logger.propagate = True


class GunicornJsonLogger(GunicornLogger):
    """gunicorn's logger, with JSON lines for its messages and for the access log."""

    def setup(self, cfg):
        super().setup(cfg)
        for logger in (self.error_log, self.access_log):
            for handler in logger.handlers:
                handler.setFormatter(logging.Formatter("%(message)s"))
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())

    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.syslog):
            return
        atoms = self.atoms(resp, req, environ, request_time)
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "request_id": atoms.get("{x-request-id}i"),
            "client": atoms.get("{x-forwarded-for}i"),
            "peer": atoms.get("h"),
            "method": atoms.get("m"),
            "path": atoms.get("U"),
            "query": atoms.get("q"),
            "status": resp.status_code if hasattr(resp, "status_code") else atoms.get("s"),
            "bytes": atoms.get("B"),
            "ms": atoms.get("M"),
            "user_agent": atoms.get("a"),
        }
        self.access_log.info(json.dumps(entry, ensure_ascii=False))
