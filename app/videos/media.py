"""What processing does to a video file: probe it, make a thumbnail, transcode it.

Files in, files out; nothing here knows the database or storage (app/videos/tasks.py does).
Probing reads streams in-process with PyAV (no output to parse, and the first frame is
decoded, so a file that is a video only by its header is caught here). Thumbnails and
renditions are made by the static ffmpeg binary that imageio-ffmpeg ships, as a
subprocess: it can be killed, it uses every filter and encoder, and one that crashes on a
hostile file takes down only itself.
"""

import subprocess
from dataclasses import dataclass
from pathlib import Path

# A rendition every phone and browser plays: H.264 (yuv420p) video, AAC audio, MP4 with
# the index at the front so playback starts before the download ends.
TRANSCODE_ARGS = [
    "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
    "-c:a", "aac", "-b:a", "128k", "-ac", "2",
    "-movflags", "+faststart",
]  # fmt: skip
TRANSCODE_TIMEOUT = 1800
THUMBNAIL_AT_SECONDS = 1.0


class NotPlayable(Exception):
    """The file is not a video this server can play; the message is for its author."""


@dataclass(frozen=True)
class Probe:
    duration: float  # seconds
    width: int  # as displayed: rotation applied
    height: int
    rotation: int  # degrees the player turns the picture
    has_audio: bool


def ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def probe(path: Path) -> Probe:
    """Duration, displayed dimensions and rotation; NotPlayable when there is no video
    stream or its first frame cannot be decoded."""
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise NotPlayable("The file has no video stream.")
            stream = container.streams.video[0]
            frame = next(container.decode(stream), None)
            if frame is None:
                raise NotPlayable("The video stream has no picture that can be decoded.")
            rotation = int(getattr(frame, "rotation", 0) or 0) % 360
            duration = _duration(container, stream)
            width, height = frame.width, frame.height
            if rotation in (90, 270):
                width, height = height, width
            return Probe(duration, width, height, rotation, bool(container.streams.audio))
    except av.error.FFmpegError as error:
        raise NotPlayable("The file could not be read as a video.") from error


def _duration(container, stream) -> float:
    if container.duration:
        return container.duration / 1_000_000  # av.time_base
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return 0.0


def _run(arguments: list[str], timeout: int) -> None:
    result = subprocess.run(
        [ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *arguments],
        capture_output=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise NotPlayable(f"The video could not be processed ({detail[0][:120]}).")


def thumbnail(source: Path, target: Path, *, duration: float, max_width: int) -> None:
    """A JPEG from about 1 s in (the first frame of a shorter video), at most
    ``max_width`` wide, rotation applied, never upscaled."""
    at = THUMBNAIL_AT_SECONDS if duration > THUMBNAIL_AT_SECONDS else 0
    scale = f"scale='min({max_width},iw)':-2"
    _run(["-ss", str(at), "-i", str(source), "-frames:v", "1", "-vf", scale, "-q:v", "4", str(target)], 120)


def transcode(source: Path, target: Path, *, max_short_side: int) -> None:
    """The playable rendition: short side at most ``max_short_side``, never upscaled,
    rotation applied (ffmpeg turns the picture by its display matrix and clears it)."""
    short = max_short_side
    even_short = f"trunc(min({short},%s)/2)*2"  # yuv420p needs even sides
    scale = f"scale='if(gte(iw,ih),-2,{even_short % 'iw'})':'if(gte(iw,ih),{even_short % 'ih'},-2)'"
    _run(["-i", str(source), "-vf", scale, *TRANSCODE_ARGS, str(target)], TRANSCODE_TIMEOUT)
