"""The interactive docs' assets, served by the app itself, and ``/`` pointing to the docs.

flask-smorest renders ``/api/docs`` (Swagger UI) and ``/api/openapi.json``; the page's
scripts and styles come from here, same origin, out of the ``swagger-ui-bundle`` package
(pinned in the lock), so the docs work on a machine without internet and no third-party
script runs on the API's origin.
"""

from flask import Blueprint, abort, redirect, send_from_directory, url_for
from swagger_ui_bundle import swagger_ui_path

bp = Blueprint("docs", __name__)

# What the page loads (flask-smorest's swagger_ui.html) and its icons; nothing else.
ASSETS = frozenset(
    {
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "favicon-16x16.png",
        "favicon-32x32.png",
    }
)
ASSETS_URL = "/api/docs/assets/"


@bp.get(ASSETS_URL + "<name>")
def asset(name):
    if name not in ASSETS:
        abort(404)
    # Versioned by the lock file: cacheable for a day, revalidated after an upgrade.
    return send_from_directory(swagger_ui_path, name, max_age=86400)


@bp.get("/")
def root():
    """A browser landing on the server finds the docs."""
    return redirect(url_for("api-docs.openapi_swagger_ui"))
