"""Blocked terms: no text a user writes (username, display name, bio, caption, comment)
may contain one, as a whole word and without regard to case (422 naming the field).

The terms are cached per process for ``BLOCKED_TERMS_CACHE_SECONDS`` (default 30), so a
write costs no extra query; a change made through this process is seen at once, one made
through another process within that lifetime.
"""

import re
import threading
import time
from collections.abc import Sequence

import sqlalchemy as sa
from flask import current_app

from app.errors import Invalid
from app.extensions import db
from app.models import BlockedTerm


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pattern: re.Pattern[str] | None = None
        self.loaded_at = -float("inf")
        self.database = ""

    def pattern_for_app(self) -> re.Pattern[str] | None:
        lifetime = current_app.config["BLOCKED_TERMS_CACHE_SECONDS"]
        # Several apps in one process (tests) each have their own database.
        database = current_app.config["SQLALCHEMY_DATABASE_URI"]
        with self.lock:
            fresh = time.monotonic() - self.loaded_at < lifetime and database == self.database
            if fresh:
                return self.pattern
        terms = db.session.scalars(sa.select(BlockedTerm.term_key)).all()
        pattern = compile_terms(terms)
        with self.lock:
            self.pattern, self.loaded_at, self.database = pattern, time.monotonic(), database
        return pattern

    def forget(self) -> None:
        with self.lock:
            self.loaded_at = -float("inf")


_cache = _Cache()


def compile_terms(terms: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern for every term: whole words (no letter, digit or ``_`` on either side),
    any case, any run of spaces inside a phrase."""
    if not terms:
        return None
    alternatives = sorted(
        (r"\s+".join(map(re.escape, term.split())) for term in terms), key=len, reverse=True
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def normalise(term: str) -> str:
    return " ".join(term.lower().split())


def forget_cached_terms() -> None:
    """After a change of the list: this process reads it again on its next check."""
    _cache.forget()


def check_text(location: str, **texts: str | None) -> None:
    """422 naming every field of ``texts`` that contains a blocked term."""
    pattern = _cache.pattern_for_app()
    if pattern is None:
        return
    bad = {
        name: ["Contains a blocked term."] for name, text in texts.items() if text and pattern.search(text)
    }
    if bad:
        raise Invalid("The text contains a blocked term.", errors={location: bad})
