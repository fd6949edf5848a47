"""What counts as a letter in usernames and hashtags: what Python's ``\\w`` matches
(letters and digits of every script, ``_``) plus the combining marks it leaves out, so
that words of scripts written with vowel signs (Devanagari "हिन्दी", Tamil, Thai, ...)
are not cut at their first mark. And the skeleton that makes two usernames one when they
look alike. Imports nothing from the app."""

import re
import unicodedata

from confusable_homoglyphs.confusables import confusables_data

HASHTAG_MAX = 100


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


def nfc(value: str) -> str:
    """The composed form: "é" typed as e + U+0301 and as U+00E9 are one name."""
    return unicodedata.normalize("NFC", value)


# A run of what ``\w`` matches (str.isalnum() or "_"): the letters is_word_char reads
# one at a time, read by the regex engine instead. Every video a list returns has its
# caption parsed, and the character loop made a tenth of an anonymous feed page's Python
# calls (bench/OPTIMISATIONS.md).
_WORD_RUN = re.compile(r"\w*")


def hashtags_in(text: str) -> list[str]:
    """Each "#" followed by word characters, up to HASHTAG_MAX of them (the rest of a
    longer run is not a tag), as written."""
    tags = []
    start = text.find("#")
    while start != -1:
        limit = min(len(text), start + 1 + HASHTAG_MAX)
        end = start + 1
        while True:
            end = _WORD_RUN.match(text, end, limit).end()  # type: ignore[union-attr]  # \w* always matches
            # \w leaves out the combining marks that is_word_char keeps.
            if end < limit and unicodedata.category(text[end]).startswith("M"):
                end += 1
                continue
            break
        if end > start + 1:
            tags.append(text[start + 1 : end])
        start = text.find("#", end)
    return tags


USERNAME_MAX = 24


def is_username_char(char: str) -> bool:
    # Letters and digits of any script, "_" and "." (API.md, field limits).
    return char.isalnum() or char in "_."


def mentions_in(text: str) -> list[str]:
    """Each "@" followed by username characters (up to USERNAME_MAX of them), as written,
    without trailing dots (the end of a sentence: "thanks @alice."). An "@" inside a word
    (an email address) is not a mention."""
    names = []
    start = text.find("@")
    while start != -1:
        end = start + 1
        while end < len(text) and end - start <= USERNAME_MAX and is_username_char(text[end]):
            end += 1
        name = text[start + 1 : end].rstrip(".")
        inside_word = start > 0 and is_word_char(text[start - 1])
        if len(name) >= 2 and not inside_word:
            names.append(name)
        start = text.find("@", end)
    return names


def _folded(value: str) -> str:
    # NFKC_Casefold: full-width, mathematical and other compatibility forms, and case.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())


def _prototype(char: str) -> str:
    # Unicode's confusables.txt, as confusable_homoglyphs ships it: a character that is
    # confusable with a prototype lists that one prototype; a prototype lists the many
    # characters confusable with it (and is kept).
    entries = confusables_data.get(char)
    if entries and len(entries) == 1:
        return entries[0]["c"].replace("\u200e", "").replace("\u200f", "")
    return char


def username_skeleton(username: str) -> str:
    """The form two usernames share when a reader could take one for the other (the
    UTS #39 skeleton of the NFKC case-folded name): "ａｄｍ", "𝐚𝐝𝐦", "аdm" (Cyrillic а)
    and "ADM" all give "adm"."""
    folded = unicodedata.normalize("NFD", _folded(username))
    return _folded(unicodedata.normalize("NFD", "".join(_prototype(char) for char in folded)))[:255]
