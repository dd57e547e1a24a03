"""A page's bytes as text, decoded deterministically; a page that is not text is refused."""

from __future__ import annotations

import codecs
import unicodedata

from bs4.dammit import EncodingDetector

MAX_PAGE_BYTES = 10 * 1024 * 1024


class ParseError(ValueError):
    """The page cannot be used at all (empty, binary, too large, no text)."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers read a page declared ISO-8859-1 (or US-ASCII) as windows-1252.
_AS_WINDOWS_1252 = {"latin-1", "iso8859-1", "ascii", "cp1252"}
MAX_CONTROL_SHARE = 0.05  # more control characters than this in the first 8 KB: not text


def decode(data: bytes) -> str:
    """Bytes of a page as text: BOM, then UTF-8, then the declared charset, then windows-1252."""
    return decode_page(data)[0]


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def decode_page(data: bytes) -> tuple[str, list[str]]:
    """The page's text and notes on how it was read (a wrong or missing charset, bad bytes).

    Deterministic on purpose (no guessing): a byte-order mark wins, then strict UTF-8, then the
    charset the page declares, then windows-1252, which is what browsers fall back to.
    """
    if len(data) > MAX_PAGE_BYTES:
        raise ParseError(f"page is {len(data) / 1048576:.1f} MB, over the 10 MB limit")
    if not data.strip():
        raise ParseError("empty file")
    notes: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, "replace")
            if "\ufffd" in text:
                notes.append(f"bytes that are not valid {encoding} were replaced")
            return _text_or_binary(text), notes
    if b"\x00" in data[:8192]:
        raise ParseError("binary file, not HTML")
    declared_name = EncodingDetector.find_declared_encoding(data, is_html=True)
    declared = _codec(declared_name)
    if declared_name and declared is None:
        notes.append(f"unknown charset {declared_name!r} declared")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if declared not in (None, "utf-8") and declared not in _AS_WINDOWS_1252:
            try:
                return _text_or_binary(data.decode(declared)), notes
            except (ValueError, LookupError):
                notes.append(f"not valid as the declared charset {declared_name} nor as UTF-8")
        elif declared == "utf-8":
            notes.append(f"declared {declared_name} but not valid UTF-8 (byte {exc.start})")
        elif declared is None:
            notes.append(f"not valid UTF-8 (byte {exc.start}) and no usable charset declared")
        text = data.decode("cp1252", "replace")
        if declared not in _AS_WINDOWS_1252:
            notes[-1] += ": read as windows-1252"
        if "\ufffd" in text:
            notes.append("bytes that are not valid windows-1252 were replaced")
        return _text_or_binary(text), notes
    if declared not in (None, "utf-8") and not data.isascii():
        notes.append(f"declared charset {declared_name} but the bytes are UTF-8: read as UTF-8")
    return _text_or_binary(text), notes


def _text_or_binary(text: str) -> str:
    head = text[:8192]
    controls = sum(1 for ch in head if ch not in "\t\n\r\f" and unicodedata.category(ch) == "Cc")
    if controls > MAX_CONTROL_SHARE * len(head):
        raise ParseError("binary file, not HTML")
    return text
