"""Bytes to text in a fixed, explainable order.

BOM, then a declared charset checked against the bytes, then strict UTF-8, then cp1252, and a
statistical detector (charset-normalizer) only as a last resort. The order matters: a detector
guesses, and guesses on short English text are often wrong (e.g. cp1252 read as cp1250), while
the first four steps are either certain or fail loudly.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib

from pipeline.ingest.base import MAX_BYTES, IngestFailure

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats people save next to articles by mistake. Checked before decoding
# so a PDF called notice.txt is reported as what it is instead of as mojibake.
MAGIC = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 (old Office) document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 media"),
    (b"\x00\x00\x00\x20ftyp", "MP4 media"),
    (b"wOFF", "WOFF font"),
)

GZIP_MAGIC = b"\x1f\x8b"

_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""",
                              re.I)


def gunzip(raw: bytes) -> bytes:
    """Decompress gzip with a size cap, so a gzip bomb is refused instead of filling memory."""
    try:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        data = decompressor.decompress(raw, MAX_BYTES + 1)
        if len(data) > MAX_BYTES or decompressor.unconsumed_tail:
            raise IngestFailure("read", "TooLarge",
                                f"gzip content expands beyond {MAX_BYTES} bytes")
        if not decompressor.eof:
            raise IngestFailure("read", "TruncatedArchive", "gzip stream ends early")
        return data
    except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
        raise IngestFailure("read", "CorruptArchive", f"gzip cannot be read: {exc}") from exc


def binary_kind(raw: bytes) -> str | None:
    """Name of a known binary format the bytes start with, else None."""
    for magic, name in MAGIC:
        if raw.startswith(magic):
            if magic == b"MZ" and not raw[2:4].strip(b"\x00\x90\x01\x02\x03"):
                return name
            if magic != b"MZ":
                return name
    return None


def _looks_utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM: one of each byte pair is almost always NUL in Latin text."""
    sample = raw[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.7 and even < 0.1:
        return "utf-16-le"
    if even > 0.7 and odd < 0.1:
        return "utf-16-be"
    return None


def declared_charset(raw: bytes) -> str | None:
    """The charset a document declares for itself (XML declaration or HTML meta), if valid."""
    head = raw[:4096]
    match = _XML_ENCODING_RE.search(head) or _CHARSET_RE.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").strip().lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _bad_share(text: str) -> float:
    """Share of characters no real text contains: C0 controls (but whitespace) and U+FFFD."""
    if not text:
        return 0.0
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\n\r\t\f\v") or c == "\ufffd")
    return bad / len(text)


def decode_bytes(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `raw`; returns (text, encoding used). Raises IngestFailure with a reason."""
    if not raw.strip():
        raise IngestFailure("read", "EmptyFile", "the file has no content")
    kind = binary_kind(raw)
    if kind:
        raise IngestFailure("decode", "BinaryContent", f"the bytes are a {kind}, not text")

    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestFailure("decode", "InvalidEncoding",
                                    f"{encoding} byte-order mark but invalid {encoding}: {exc}"
                                    ) from exc
            return _checked(text, encoding)

    utf16 = _looks_utf16(raw)
    if utf16:
        try:
            return _checked(raw.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass

    if b"\x00" in raw[:8192]:
        raise IngestFailure("decode", "BinaryContent", "NUL bytes in what should be text")

    declared = declared or declared_charset(raw)
    if declared in ("iso8859-1", "latin-1", "iso-8859-1"):
        # As browsers do (WHATWG): a latin-1 label means windows-1252, whose 0x80-0x9F are
        # curly quotes and dashes rather than invisible C1 controls.
        declared = "cp1252"
    if declared and declared not in ("utf-8", "ascii", "utf-16", "utf-32"):
        try:
            text = raw.decode(declared)
        except (UnicodeDecodeError, LookupError):
            text = None
        # Checked against the bytes: pages labelled latin-1/cp1252 that are really UTF-8 are
        # common (a template default nobody changed), and valid multi-byte UTF-8 sequences
        # almost never occur by chance in single-byte text.
        if text is not None and not _is_utf8_with_multibyte(raw):
            return _checked(text, declared)

    try:
        return _checked(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return _checked(raw.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        pass

    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise IngestFailure("decode", "UndecodableBytes",
                            "neither UTF-8 nor cp1252, and no detector guess")
    return _checked(str(best), best.encoding)


def _is_utf8_with_multibyte(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(b >= 0x80 for b in raw)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    # Text that decodes but is mostly control characters is binary data in a text wrapper.
    if _bad_share(text[:20000]) > 0.05:
        raise IngestFailure("decode", "BinaryContent",
                            f"decoded as {encoding} but full of control characters")
    if not text.strip():
        raise IngestFailure("read", "EmptyFile", "the file holds only whitespace")
    return text, encoding
