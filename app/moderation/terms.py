"""Blocked terms: no text a user writes (username, display name, bio, caption, comment)
may contain one, as a whole word and without regard to case (422 naming the field).

The terms are cached per process for ``BLOCKED_TERMS_CACHE_SECONDS`` (default 30), so a
write costs no extra query; a change made through this process is seen at once, one made
through another process within that lifetime.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa

from app.cache import ProcessCache
from app.errors import Invalid
from app.extensions import db
from app.models import BlockedTerm


def _load_pattern() -> re.Pattern[str] | None:
    return compile_terms(db.session.scalars(sa.select(BlockedTerm.term_key)).all())


_cache: ProcessCache[re.Pattern[str] | None] = ProcessCache("BLOCKED_TERMS_CACHE_SECONDS", _load_pattern)


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
    pattern = _cache.get()
    if pattern is None:
        return
    bad = {
        name: ["Contains a blocked term."] for name, text in texts.items() if text and pattern.search(text)
    }
    if bad:
        raise Invalid("The text contains a blocked term.", errors={location: bad})
