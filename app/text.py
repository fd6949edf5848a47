"""What counts as a letter in usernames and hashtags: what Python's ``\\w`` matches
(letters and digits of every script, ``_``) plus the combining marks it leaves out, so
that words of scripts written with vowel signs (Devanagari "हिन्दी", Tamil, Thai, ...)
are not cut at their first mark. Imports nothing from the app."""

import unicodedata

HASHTAG_MAX = 100


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


def nfc(value: str) -> str:
    """The composed form: "é" typed as e + U+0301 and as U+00E9 are one name."""
    return unicodedata.normalize("NFC", value)


def hashtags_in(text: str) -> list[str]:
    """Each "#" followed by word characters, up to HASHTAG_MAX of them (the rest of a
    longer run is not a tag), as written."""
    tags = []
    start = text.find("#")
    while start != -1:
        end = start + 1
        while end < len(text) and end - start <= HASHTAG_MAX and is_word_char(text[end]):
            end += 1
        if end > start + 1:
            tags.append(text[start + 1 : end])
        start = text.find("#", end)
    return tags
