"""Headers of the app's own responses: ``nosniff`` on every one, ``no-store`` on private
data, and a Content-Security-Policy on the interactive documentation.

(``Retry-After`` appears on 429 and 503 only: app/limits.py, where the limiter adds it.)
"""

import base64
import hashlib
import re
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request

# Responses under these paths carry the signed-in user's own data (the account, its
# tokens, its lists and notifications): never kept by a browser or a shared cache.
PRIVATE_PREFIXES = ("/api/auth/", "/api/me", "/api/notifications")

INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)


def _add_headers(response: Response) -> Response:
    # Browsers must take the declared type (JSON, video/*) at its word.
    response.headers["X-Content-Type-Options"] = "nosniff"
    if request.path.startswith(PRIVATE_PREFIXES):
        response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("Pragma", "no-cache")
    if request.endpoint == "api-docs.openapi_swagger_ui" and response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = _docs_policy(response)
    return response


def _docs_policy(response: Response) -> str:
    """Swagger UI's scripts and styles from where ``OPENAPI_SWAGGER_UI_URL`` says (this
    origin by default, app/docs), its one inline script by hash, the spec from this
    origin, nothing else; no framing."""
    cdn = urlsplit(current_app.config["OPENAPI_SWAGGER_UI_URL"])
    origin = f"{cdn.scheme}://{cdn.netloc}" if cdn.netloc else "'self'"
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in INLINE_SCRIPT.findall(response.get_data())
    )
    images = " ".join(dict.fromkeys(["'self'", "data:", origin]))  # 'self' once
    return (
        f"default-src 'none'; script-src {origin} {hashes}; style-src {origin} 'unsafe-inline';"
        f" img-src {images}; connect-src 'self'; font-src {origin};"
        " base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
