"""HTTP checks of a running deployment (nginx in front of two gunicorn instances).

Run by deploy/test.sh with the project's virtualenv (boto3 reads the bucket; the rest is
the standard library). Exit status 1 if any check fails.

    python deploy/checks.py --nginx http://127.0.0.1:8080 --app-a http://127.0.0.1:8101 \
        --app-b http://127.0.0.1:8102 --media-root /tmp/x/media --video-max-bytes 1048576 \
        [--storage s3|local] [--shared-limits] \
        [--worker-pidfile F --worker-log F --worker-command "celery -A wsgi:celery_app worker ..."]
    python deploy/checks.py --nginx http://127.0.0.1:8080 --all-down   # instances stopped

With ``--storage s3`` the bucket is the one of the environment (S3_ENDPOINT_URL, S3_BUCKET,
S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY), as for the instances.
"""

import argparse
import http.client
import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "postman" / "sample.mp4"
failures = []


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name.lower())

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


def call(base, method, path, *, json_body=None, body=None, headers=None, token=None):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = dict(headers or {})
    if json_body is not None:
        body = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        conn.request(method, path, body=body, headers=headers)
        raw = conn.getresponse()
        data = raw.read()
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data)
    finally:
        conn.close()


def fetch(url, headers=None):
    """GET an absolute URL (a media URL of the store or of nginx)."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return call(f"{parts.scheme}://{parts.netloc}", "GET", path, headers=headers)


def multipart(fields, file_name, file_bytes):
    boundary = "----deploycheck" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        + file_bytes
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def check(name, condition, detail=""):
    if condition:
        print(f"  ok    {name}")
    else:
        print(f"  FAIL  {name} {detail}")
        failures.append(name)
    return condition


def is_json_error(response, code):
    body = response.json()
    return (
        response.status == code
        and (response.header("content-type") or "").startswith("application/json")
        and isinstance(body, dict)
        and body.get("code") == code
        and isinstance(body.get("message"), str)
    )


def describe(response):
    return f"(got {response.status} {response.header('content-type')} {response.body[:200]!r})"


def register(base, prefix):
    name = f"{prefix}_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(12)
    response = call(
        base,
        "POST",
        "/api/auth/register",
        json_body={"username": name, "email": f"{name}@example.com", "password": password},
    )
    if response.status != 201:
        raise SystemExit(f"could not register through {base}: {describe(response)}")
    return name, password, response.json()


def upload_sample(args, prefix, clip=None):
    """Register an account and upload ``clip`` (the sample) through nginx."""
    _, _, account = register(args.nginx, prefix)
    token = account["access_token"]
    body, headers = multipart({"caption": f"deploy check #{prefix}"}, "clip.mp4", clip or SAMPLE.read_bytes())
    return token, call(args.nginx, "POST", "/api/videos", body=body, headers=headers, token=token)


def wait_until_processed(args, token, video_id, timeout):
    """The video once it is no longer processing (or as it is after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        video = call(args.nginx, "GET", f"/api/videos/{video_id}", token=token).json()
        if video["status"] != "processing" or time.monotonic() > deadline:
            return video
        time.sleep(0.5)


def ranged_checks(url, size):
    ranged = fetch(url, headers={"Range": "bytes=0-99"})
    check("Range request is a 206", ranged.status == 206, describe(ranged))
    check(
        "Content-Range is bytes 0-99/size",
        ranged.header("content-range") == f"bytes 0-99/{size}",
        ranged.header("content-range"),
    )
    check(
        "Content-Type video/mp4", ranged.header("content-type") == "video/mp4", ranged.header("content-type")
    )
    return ranged


def media_checks_local(args):
    print("media (served by nginx from MEDIA_ROOT):")
    token, upload = upload_sample(args, "media")
    if not check("upload through nginx is a 201", upload.status == 201, describe(upload)):
        return
    sample = SAMPLE.read_bytes()
    video_url = upload.json()["video_url"]
    name = urllib.parse.urlsplit(video_url).path.rsplit("/", 1)[-1]
    check("the file is in MEDIA_ROOT", (Path(args.media_root) / name).is_file())
    ranged = ranged_checks(video_url, len(sample))
    check("100 bytes, the file's first", ranged.body == sample[:100])
    check("nosniff", ranged.header("x-content-type-options") == "nosniff")
    check("X-Served-By: nginx", ranged.header("x-served-by") == "nginx", str(ranged.headers))
    full = fetch(video_url)
    check(
        "full GET is a 200 with Accept-Ranges and caching headers",
        full.status == 200
        and full.header("accept-ranges") == "bytes"
        and "max-age" in (full.header("cache-control") or "")
        and full.header("etag") is not None,
        str(full.headers),
    )
    path = urllib.parse.urlsplit(video_url).path
    for label, base in (("A", args.app_a), ("B", args.app_b)):
        direct = call(base, "GET", path)
        check(f"gunicorn {label} does not serve media (404)", is_json_error(direct, 404), describe(direct))
    partial = call(args.nginx, "GET", "/media/.upload-x.part")
    check("anything else under /media/ is a JSON 404", is_json_error(partial, 404), describe(partial))

    size_limit_checks(args, token, lambda: sorted(os.listdir(args.media_root)), "files in MEDIA_ROOT")

    deleted = call(args.nginx, "DELETE", f"/api/videos/{upload.json()['id']}", token=token)
    check("delete the video (204)", deleted.status == 204, describe(deleted))
    gone = fetch(video_url)
    check("its URL is then a JSON 404 from nginx", is_json_error(gone, 404), describe(gone))


def bucket_keys():
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=os.environ["S3_ENDPOINT_URL"],
        aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
        region_name=os.environ.get("S3_REGION", "us-east-1"),
    )
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=os.environ["S3_BUCKET"])
    return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def objects_of(video):
    """The bucket's keys of a processed video: its upload, rendition and thumbnail."""
    stem = urllib.parse.urlsplit(video["thumbnail_url"]).path.rsplit("/", 1)[-1].split("-thumbnail")[0]
    return [key for key in bucket_keys() if key.startswith(stem)]


def media_checks_s3(args):
    print(f"media (in the bucket {os.environ['S3_BUCKET']} of {os.environ['S3_ENDPOINT_URL']}):")
    token, upload = upload_sample(args, "media")
    if not check("upload through nginx is a 201", upload.status == 201, describe(upload)):
        return
    video = wait_until_processed(args, token, upload.json()["id"], timeout=60)
    check("processed to ready", video["status"] == "ready", str(video))
    if video["status"] != "ready":
        return
    endpoint = os.environ["S3_ENDPOINT_URL"].rstrip("/") + "/"
    check(
        "video_url and thumbnail_url are absolute URLs of the store",
        video["video_url"].startswith(endpoint) and video["thumbnail_url"].startswith(endpoint),
        f"{video['video_url']} {video['thumbnail_url']}",
    )
    check("the upload, its rendition and its thumbnail are in the bucket", len(objects_of(video)) == 3)
    full = fetch(video["video_url"])
    check("the rendition is served by the store (200)", full.status == 200, describe(full))
    ranged = ranged_checks(video["video_url"], len(full.body))
    check("100 bytes, the rendition's first", ranged.body == full.body[:100])
    thumbnail = fetch(video["thumbnail_url"])
    check(
        "the thumbnail is a JPEG",
        thumbnail.status == 200 and thumbnail.body[:3] == b"\xff\xd8\xff",
        describe(thumbnail),
    )

    size_limit_checks(args, token, bucket_keys, "objects in the bucket")

    deleted = call(args.nginx, "DELETE", f"/api/videos/{video['id']}", token=token)
    check("delete the video (204)", deleted.status == 204, describe(deleted))
    check("its objects are gone from the bucket", not objects_of(video))
    gone = fetch(video["video_url"])
    check("its URL then answers 404", gone.status == 404, describe(gone))


def size_limit_checks(args, token, leftovers, what):
    print(f"upload size limit (VIDEO_MAX_BYTES={args.video_max_bytes}):")
    before = leftovers()
    header = SAMPLE.read_bytes()[:32]
    for label, size in (
        ("file of limit+1 bytes", args.video_max_bytes + 1),
        ("body over the app's body limit", args.video_max_bytes + 512 * 1024),
    ):
        payload = header + b"\0" * (size - len(header))
        body, headers = multipart({"caption": "too big"}, "big.mp4", payload)
        response = call(args.nginx, "POST", "/api/videos", body=body, headers=headers, token=token)
        check(
            f"{label}: the app's JSON 413 through nginx",
            is_json_error(response, 413) and response.header("x-served-by") is None,
            describe(response),
        )
    huge = b"\0" * (args.video_max_bytes * 3)
    response = call(
        args.nginx,
        "POST",
        "/api/videos",
        body=huge,
        headers={"Content-Type": "application/octet-stream"},
        token=token,
    )
    check(
        "body over client_max_body_size: nginx's 413 is JSON too",
        is_json_error(response, 413) and response.header("x-served-by") == "nginx",
        describe(response),
    )
    check(f"no partial {what} left", leftovers() == before)


def slow_clip(max_bytes):
    """An MP4 whose transcode takes seconds (8 s of 1080x1920), under ``max_bytes``."""
    import imageio_ffmpeg

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "slow.mp4"
        subprocess.run(
            [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
             "-i", "testsrc2=size=1080x1920:rate=30", "-t", "8", "-c:v", "libx264", "-preset", "ultrafast",
             "-crf", "51", "-pix_fmt", "yuv420p", str(path)],
            check=True,
        )  # fmt: skip
        clip = path.read_bytes()
    assert len(clip) <= max_bytes, f"the slow clip is {len(clip)} bytes, over {max_bytes}"
    return clip


def transcoding_pid(timeout):
    """The ffmpeg process making a rendition (only the worker transcodes), once it runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["pgrep", "-f", "rendition.mp4"], capture_output=True, text=True
        ).stdout.split()
        if found:
            return int(found[0])
        time.sleep(0.05)
    return None


def worker_checks(args):
    print("a worker killed with SIGKILL mid-transcode, then restarted:")
    token, upload = upload_sample(args, "worker", slow_clip(args.video_max_bytes))
    if not check("upload through nginx is a 201, processing", upload.status == 201, describe(upload)):
        return
    if not check("the worker starts the transcode", transcoding_pid(timeout=60) is not None):
        return
    pid = int(Path(args.worker_pidfile).read_text())
    os.killpg(pid, signal.SIGKILL)  # the worker, its pool process and their ffmpeg
    with open(args.worker_log, "ab") as log:
        restarted = subprocess.Popen(
            shlex.split(args.worker_command), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    Path(args.worker_pidfile).write_text(str(restarted.pid))  # for deploy/test.sh to stop
    check(
        "the video is still processing",
        wait_until_processed(args, token, upload.json()["id"], 0)["status"] == "processing",
    )
    video = wait_until_processed(args, token, upload.json()["id"], timeout=180)
    check("the task is delivered again and the video ends ready", video["status"] == "ready", str(video))
    if video["status"] == "ready":
        check("at 720x1280", (video["width"], video["height"]) == (720, 1280), str(video))
        if args.storage == "s3":
            check("no duplicate objects (upload, rendition, thumbnail)", len(objects_of(video)) == 3)


def metrics_checks(args):
    print("metrics (instance A: METRICS_ENABLED, PROMETHEUS_MULTIPROC_DIR):")
    for _ in range(6):  # spread over A's workers
        call(args.app_a, "GET", "/api/videos")
    scraped = call(args.app_a, "GET", "/metrics")
    text = scraped.body.decode()
    check("A serves /metrics (200, Prometheus text)", scraped.status == 200, describe(scraped))
    listed = [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("shortvideo_http_request_duration_seconds_count{")
        and 'endpoint="videos.list_videos"' in line
    ]
    check("requests of every worker counted per endpoint", sum(listed) >= 6, str(listed))
    check("the task queue's depth", "shortvideo_task_queue_depth " in text or not args.worker_pidfile)
    if args.worker_pidfile:
        check(
            "the worker's processing times (same machine, same directory)",
            'shortvideo_video_processing_seconds_count{outcome="ready"}' in text,
        )
    hidden = call(args.nginx, "GET", "/metrics")
    check("nginx does not forward /metrics (JSON 404)", is_json_error(hidden, 404), describe(hidden))


def proxy_checks(args):
    print("nginx in front of the app:")
    spec = call(args.nginx, "GET", "/api/openapi.json", headers={"Accept-Encoding": "gzip"})
    check(
        "JSON is gzipped", spec.status == 200 and spec.header("content-encoding") == "gzip", str(spec.headers)
    )
    health = call(args.nginx, "GET", "/api/health", headers={"X-Request-ID": "deploy-check-0001"})
    check("a sane client X-Request-ID is kept", health.header("x-request-id") == "deploy-check-0001")
    check("no server version in Server", health.header("server") == "nginx", health.header("server"))


def revocation_checks(args):
    print("logout on one instance is seen by the other:")
    name, password, _ = register(args.app_a, "revoke")
    login = call(args.app_a, "POST", "/api/auth/login", json_body={"login": name, "password": password})
    tokens = login.json()
    access, refresh = tokens["access_token"], tokens["refresh_token"]
    before = call(args.app_b, "GET", "/api/auth/me", token=access)
    check("token issued by A works on B", before.status == 200, describe(before))
    logout = call(args.app_a, "POST", "/api/auth/logout", json_body={"refresh_token": refresh}, token=access)
    check("logout on A (204)", logout.status == 204, describe(logout))
    after = call(args.app_b, "GET", "/api/auth/me", token=access)
    check("access token refused by B (401)", is_json_error(after, 401), describe(after))
    refreshed = call(args.app_b, "POST", "/api/auth/refresh", token=refresh)
    check("refresh token refused by B (401)", is_json_error(refreshed, 401), describe(refreshed))


def rate_limit_checks(args):
    print("rate limit shared by both instances (RATELIMIT_LOGIN_ACCOUNT=5/minute):")
    login = f"nobody_{secrets.token_hex(4)}"
    statuses = []
    limited = None
    for attempt in range(1, 7):
        base = args.app_a if attempt % 2 else args.app_b
        response = call(
            base, "POST", "/api/auth/login", json_body={"login": login, "password": "wrong-password"}
        )
        statuses.append(response.status)
        if response.status == 429:
            limited = response
            break
    check("failed logins 1-5, alternating A and B, are 401", statuses[:5] == [401] * 5, str(statuses))
    check("the 6th is a 429", limited is not None and len(statuses) == 6, str(statuses))
    if limited is not None:
        check("the 429 is JSON", is_json_error(limited, 429), describe(limited))
        retry = limited.header("retry-after")
        check("with Retry-After", retry is not None and retry.isdigit(), str(limited.headers))
        via_nginx = call(
            args.nginx, "POST", "/api/auth/login", json_body={"login": login, "password": "wrong-password"}
        )
        check("and nginx's path is limited too (429)", is_json_error(via_nginx, 429), describe(via_nginx))


def raw(base, request, timeout=30):
    """Send bytes as they are (requests no HTTP client would build) and parse the answer."""
    url = urllib.parse.urlsplit(base)
    with socket.create_connection((url.hostname, url.port), timeout=timeout) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return Response(status, headers, body)


def nginx_error_checks(args):
    print("errors nginx answers itself are JSON:")
    host = b"Host: localhost\r\nConnection: close\r\n"
    cases = [
        (
            "a URL of 20,000 bytes is a JSON 414",
            414,
            b"GET /api/" + b"a" * 20000 + b" HTTP/1.1\r\n" + host + b"\r\n",
        ),
        (
            "a header of 20,000 bytes is a JSON 400",
            400,
            b"GET /api/videos HTTP/1.1\r\n" + host + b"X-Big: " + b"b" * 20000 + b"\r\n\r\n",
        ),
        ("a malformed request line is a JSON 400", 400, b"NOT HTTP AT ALL\r\n\r\n"),
        (
            "an unknown Transfer-Encoding is a JSON 501",
            501,
            b"POST /api/videos HTTP/1.1\r\n" + host + b"Transfer-Encoding: gzip\r\n\r\n",
        ),
    ]
    for name, code, request in cases:
        response = raw(args.nginx, request)
        check(name, is_json_error(response, code), describe(response))
    # 300 headers fit nginx's buffers; gunicorn, whose own limit would answer an HTML
    # 431, accepts as many as nginx lets through.
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(300))
    response = raw(args.nginx, b"GET /api/health HTTP/1.1\r\n" + host + many + b"\r\n")
    check(
        "300 headers reach the app (no HTML 431)",
        response.status == 200 and response.json() is not None,
        describe(response),
    )


def slow_client_checks(args, clients=8):
    """Slow clients (headers sent a byte at a time, never finished) are nginx's to hold:
    more of them than the instances have workers leave the API answering."""
    print(f"{clients} slow clients through nginx:")
    url = urllib.parse.urlsplit(args.nginx)
    slow = []
    try:
        for _ in range(clients):
            sock = socket.create_connection((url.hostname, url.port), timeout=10)
            sock.sendall(b"POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n")
            slow.append(sock)
        for sock in slow:
            sock.sendall(b"X-Slow: 1\r\n")
        health = call(args.nginx, "GET", "/api/health")
        check("the API still answers (200) while they hang", health.status == 200, describe(health))
        videos = call(args.nginx, "GET", "/api/videos")
        check("and so does the feed", videos.status == 200, describe(videos))
    finally:
        for sock in slow:
            sock.close()


def all_down_checks(args):
    print("every instance down:")
    for path in ("/api/videos", "/api/health"):
        response = call(args.nginx, "GET", path)
        check(
            f"GET {path} is a JSON 503 with Retry-After",
            is_json_error(response, 503) and bool(response.header("retry-after")),
            describe(response),
        )
    response = call(args.nginx, "POST", "/api/auth/login", json_body={"login": "x", "password": "y"})
    check("POST /api/auth/login is a JSON 503", is_json_error(response, 503), describe(response))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nginx", required=True)
    parser.add_argument("--app-a")
    parser.add_argument("--app-b")
    parser.add_argument("--media-root")
    parser.add_argument("--video-max-bytes", type=int)
    parser.add_argument("--storage", choices=["s3", "local"], default="local")
    parser.add_argument("--shared-limits", action="store_true", help="rate limits are in Redis")
    parser.add_argument("--all-down", action="store_true", help="only the checks with every instance stopped")
    parser.add_argument("--metrics", action="store_true", help="instance A serves /metrics")
    parser.add_argument("--worker-pidfile", help="the Celery worker's PID (the SIGKILL check)")
    parser.add_argument("--worker-log")
    parser.add_argument("--worker-command", help="how to start the worker again")
    args = parser.parse_args()
    started = time.monotonic()
    if args.all_down:
        all_down_checks(args)
        print(f"checks: {len(failures)} failed ({time.monotonic() - started:.1f}s)")
        return 1 if failures else 0
    proxy_checks(args)
    nginx_error_checks(args)
    slow_client_checks(args)
    if args.storage == "s3":
        media_checks_s3(args)
    else:
        media_checks_local(args)
    if args.worker_pidfile:
        worker_checks(args)
    else:
        print("worker killed mid-transcode: SKIPPED (no worker: the instances process uploads)")
    if args.metrics:
        metrics_checks(args)
    revocation_checks(args)
    if args.shared_limits:
        rate_limit_checks(args)
    else:
        print("rate limit across instances: SKIPPED (no Redis, counters are per process)")
    print(f"checks: {len(failures)} failed ({time.monotonic() - started:.1f}s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
