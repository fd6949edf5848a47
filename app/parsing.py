"""JSON request bodies, parsed strictly and in one place: Flask's ``request.get_json`` and
flask-smorest's argument parser (webargs) both come here.

Beyond what ``json.loads`` refuses, a body is malformed (400) when it is nested too deeply
for the parser (Python's recursion limit: a ``RecursionError`` would be a 500) or when a
string in it holds a lone UTF-16 surrogate (``"\\ud800"``), which is no character at all:
PostgreSQL, Redis and every encoder refuse it later, as a 500.

Multipart bodies: the request class keeps why werkzeug could not parse one
(``request.form_error``), so that the upload answers 400 rather than "missing file".
"""

import json
import re
from typing import Any

import flask
from flask.json.provider import DefaultJSONProvider
from webargs.flaskparser import FlaskParser
from werkzeug import formparser

# A surrogate can only come from an escape: raw UTF-8 cannot encode one.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# The errors' "document" (webargs reads an empty one as "no body at all").
BODY = "<request body>"


def loads(data: str | bytes) -> Any:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise json.JSONDecodeError(f"Bytes decoding error: {error.reason}", BODY, error.start) from None
    try:
        value = json.loads(data)
    except RecursionError:
        raise json.JSONDecodeError("The JSON is nested too deeply.", BODY, 0) from None
    except json.JSONDecodeError:
        raise
    except ValueError as error:  # an integer of more than sys.get_int_max_str_digits() digits
        raise json.JSONDecodeError(str(error), BODY, 0) from None
    if SURROGATE_ESCAPE.search(data) and _has_lone_surrogate(value):
        raise json.JSONDecodeError("A string holds a lone UTF-16 surrogate.", BODY, 0)
    return value


def _has_lone_surrogate(value: Any) -> bool:
    # Valid pairs were joined by json.loads, so any surrogate left is a lone one.
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if LONE_SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading with ``loads`` (``request.get_json`` goes through it)."""

    def loads(self, s, **kwargs):
        return loads(s)


class FormDataParser(formparser.FormDataParser):
    """Werkzeug's form parser, keeping the reason a body could not be parsed (no
    ``boundary=``, no closing boundary) instead of passing it off as an empty form."""

    error: str | None = None

    def parse(self, stream, mimetype, content_length, options=None):
        self.silent = False
        try:
            return super().parse(stream, mimetype, content_length, options)
        except ValueError as error:
            self.error = str(error) or type(error).__name__
            return stream, self.cls(), self.cls()


class Request(flask.Request):
    form_data_parser_class = FormDataParser

    def make_form_data_parser(self):
        self._form_parser = super().make_form_data_parser()
        return self._form_parser

    @property
    def form_error(self) -> str | None:
        """Why the form body was malformed, once ``form`` or ``files`` was read."""
        parser = getattr(self, "_form_parser", None)
        return parser.error if parser is not None else None


def multipart_error() -> str | None:
    """Why the current request's multipart body is malformed, or None (parses it)."""
    flask.request.form  # noqa: B018 (parsing is what sets the error)
    return getattr(flask.request, "form_error", None)


class ArgumentsParser(FlaskParser):
    """webargs' Flask parser, reading JSON bodies with ``loads``."""

    def _raw_load_json(self, req):
        if not flask.request.is_json:
            return super()._raw_load_json(req)
        return loads(req.get_data(cache=True))
