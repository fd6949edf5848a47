"""The interactive docs work offline (app/docs), and ``/`` and ``/api`` point to them.

The offline check loads /api/docs in headless Chromium with the network cut off: every
host name fails to resolve and any other traffic goes to a dead proxy; only the API on
loopback answers. Without Chromium (Debian's ``chromium`` package) it skips; under CI=true
it fails.
"""

import re
import shutil
import subprocess
import threading

import pytest
from werkzeug.serving import make_server

from tests.services import free_port, require

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def live_url(app):
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


def test_the_docs_page_renders_every_operation_with_the_network_cut_off(client, live_url):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    require(browser, "Chromium is not installed (apt-get install chromium)")
    dom = subprocess.run(
        [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
         "--proxy-server=http://127.0.0.1:9", "--virtual-time-budget=15000",
         "--dump-dom", f"{live_url}/api/docs"],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    spec = client.get("/api/openapi.json").get_json()
    operations = sum(1 for item in spec["paths"].values() for method in item if method in HTTP_METHODS)
    rendered = re.findall(r'class="opblock-summary-path" data-path="([^"]+)"', dom)
    assert len(rendered) == operations, dom[-2000:]
    assert set(rendered) == set(spec["paths"])


def test_the_page_loads_its_assets_from_the_api_itself(client):
    page = client.get("/api/docs").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/api/docs/assets/") for source in sources), sources
    for source in sources:
        response = client.get(source)
        assert response.status_code == 200, source
        assert response.headers["Cache-Control"] == "public, max-age=86400"
    # Only the files the page needs are served; anything else is the JSON 404.
    assert client.get("/api/docs/assets/index.html").get_json()["code"] == 404
    assert client.get("/api/docs/assets/..%2Fconfig.py").status_code == 404


def test_the_root_and_api_point_to_the_docs_and_the_document(client, app):
    root = client.get("/")
    assert root.status_code == 302 and root.headers["Location"] == "/api/docs"
    body = client.get("/api").get_json()
    assert body == {"docs": "http://localhost/api/docs", "openapi": "http://localhost/api/openapi.json"}
    app.config["PUBLIC_BASE_URL"] = "https://api.example.com"
    try:
        assert client.get("/api/").get_json()["docs"] == "https://api.example.com/api/docs"
    finally:
        app.config["PUBLIC_BASE_URL"] = ""
