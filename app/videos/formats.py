"""Recognise a video by its first bytes (WHATWG MIME sniffing), never by name or header."""

MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"qt  "}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
HEAD_BYTES = 4096


def sniff(head):
    """Return the file extension ("mp4", "mov", "webm") for ``head``, or None."""
    if _is_mp4(head):
        return "mov" if head[8:12] == b"qt  " else "mp4"
    if _is_webm(head):
        return "webm"
    return None


def _is_mp4(head):
    if len(head) < 12 or head[4:8] != b"ftyp":
        return False
    box_size = int.from_bytes(head[0:4], "big")
    if box_size < 12 or box_size > len(head) or box_size % 4:
        return False
    brands = [head[8:12]] + [head[i : i + 4] for i in range(16, box_size, 4)]
    return any(brand in MP4_BRANDS for brand in brands)


def _is_webm(head):
    # The EBML header holds a DocType element (id 0x4282) whose value is "webm".
    if not head.startswith(EBML_MAGIC):
        return False
    at = head.find(b"\x42\x82", 4, 64)
    if at < 0 or at + 3 > len(head):
        return False
    size_byte = head[at + 2]
    if not size_byte & 0x80:  # only the one-byte size form appears in real headers
        return False
    length = size_byte & 0x7F
    return head[at + 3 : at + 3 + length] == b"webm"
