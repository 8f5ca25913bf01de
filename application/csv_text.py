"""Which text a CSV file's bytes are, or why they are not text at all.

Excel writes CSV as UTF-8 with a byte-order mark ("CSV UTF-8"), as Windows-1252
("CSV (Comma delimited)" on a UK PC) and as UTF-16 with a byte-order mark
("Unicode Text"). Those are accepted, tried in that order: a byte-order mark
decides; else UTF-8 if the bytes are valid UTF-8; else Windows-1252, but only
if the result is printable text (any byte decodes as Windows-1252, so garbage
would otherwise pass as text). NUL bytes or many control characters mean a
binary file with a .csv name: refused as a whole rather than as a thousand
cell errors. A stray control character is left for the row checks, which name
its row and column.
"""

from __future__ import annotations

import codecs
import re

from application.import_errors import file_refused
from application.workbook_package import OLE_MAGIC

# C0 and C1 control characters and DEL, but not tab, LF or CR.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NOT_TEXT = "this is not a CSV text file"


def decode_csv_text(source: str, data: bytes) -> str:
    """The file's text, or ``ImportRejected`` saying why it is not CSV text."""
    if data.startswith((b"PK\x03\x04", OLE_MAGIC)):
        raise file_refused(
            source, f"{_NOT_TEXT}: it is an Excel workbook; save it as CSV, or name it .xlsx"
        )
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(source, data[len(codecs.BOM_UTF8) :], "utf-8", "UTF-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(source, data, "utf-16", "UTF-16")
    elif b"\x00" in data:
        raise file_refused(source, f"{_NOT_TEXT}: it holds NUL bytes (binary data)")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _windows_1252(source, data)
    _check_text(source, text)
    return text


def _decode(source: str, data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise file_refused(
            source,
            f"{_NOT_TEXT}: it starts with a {name} byte-order mark, but byte {error.start:,} "
            f"is not {name}; save it again as CSV UTF-8",
        ) from None


def _windows_1252(source: str, data: bytes) -> str:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise file_refused(
            source,
            f"{_NOT_TEXT}: byte {error.start:,} is neither UTF-8 nor Windows-1252; "
            "save it as CSV UTF-8",
        ) from None
    if CONTROL.search(text):
        raise file_refused(
            source,
            f"{_NOT_TEXT}: it is neither UTF-8 nor printable Windows-1252 text; "
            "save it as CSV UTF-8",
        )
    return text


def _check_text(source: str, text: str) -> None:
    if "\x00" in text:
        raise file_refused(source, f"{_NOT_TEXT}: it holds NUL characters (binary data)")
    allowed = 10 + len(text) // 1000  # a few strays are cell errors; more is binary
    for count, _ in enumerate(CONTROL.finditer(text), start=1):
        if count > allowed:
            raise file_refused(source, f"{_NOT_TEXT}: it holds control characters (binary data)")
