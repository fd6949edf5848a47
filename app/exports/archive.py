"""Writing an export's ZIP to a local file, streamed: every JSON list is written row by
row and every original video is copied from storage in 1 MiB chunks, so memory stays flat
whatever the account holds (bench/export.py measures it).

Videos are stored as they are (already compressed); the JSON files are deflated.
"""

import io
import json
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from app import storage
from app.exports import queries

CHUNK = 1024 * 1024
README = """This archive holds the data of your account:

profile.json    your account
videos.json     your videos (an uploaded one's original file is in videos/, named in "file")
comments.json   the comments you wrote
likes.json      the videos you liked
follows.json    the accounts you follow ("following") and those following you ("follower")
bookmarks.json  the videos you bookmarked
videos/         the original files of your uploads, as you sent them
"""


def write_archive(target: Path, *, user_id: int) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.writestr("README.txt", README)
        _write_json(archive, "profile.json", queries.profile(user_id))
        _write_list(archive, "videos.json", queries.videos(user_id))
        _write_list(archive, "comments.json", queries.comments(user_id))
        _write_list(archive, "likes.json", queries.likes(user_id))
        _write_list(archive, "follows.json", queries.follows(user_id))
        _write_list(archive, "bookmarks.json", queries.bookmarks(user_id))
        for name, key in queries.originals(user_id):
            entry = zipfile.ZipInfo(name)
            entry.compress_type = zipfile.ZIP_STORED
            with storage.open_object(key) as source, archive.open(entry, "w", force_zip64=True) as sink:
                shutil.copyfileobj(source, sink, CHUNK)


def _write_json(archive: zipfile.ZipFile, name: str, value: Any) -> None:
    archive.writestr(name, json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _write_list(archive: zipfile.ZipFile, name: str, items: Iterable[Any]) -> None:
    with archive.open(name, "w", force_zip64=True) as raw, io.TextIOWrapper(raw, encoding="utf-8") as text:
        separator = "[\n  "
        for item in items:
            text.write(separator + json.dumps(item, ensure_ascii=False))
            separator = ",\n  "
        text.write("[]\n" if separator.startswith("[") else "\n]\n")
