"""Checks on an XLSX file as an archive, made before any XML in it is parsed.

An XLSX workbook is a zip of XML parts. What a zip says about itself is read
first, and cheaply: that it is a zip at all (and not an encrypted workbook, an
old .xls, a Word document or an OpenDocument file with the wrong name), that
its entries are few, plainly named, unencrypted and stored the two ways Excel
stores them, and that their declared unpacked sizes are modest both in total
and against their packed sizes (a zip bomb declares gigabytes). Python's
zipfile never unpacks more than an entry declares, so the declared sizes bound
the work. Last, every entry is streamed once to refuse any DTD or entity
declaration (Excel never writes one), whatever the XML parser would do.
"""

from __future__ import annotations

import io
import re
import zipfile

from application.file_limits import MB, FileLimits, size_text
from application.import_errors import file_refused

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML, or an old .xls
MAX_ENTRIES = 1000  # Excel writes a few dozen
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_ENCODINGS = frozenset({b"utf-8", b"utf8", b"utf-16", b"utf16"})
_SAVE_AS = "open it in Excel and save it as an Excel Workbook (.xlsx)"


def not_a_workbook(data: bytes) -> str | None:
    """Why these bytes cannot be an XLSX file, from their first bytes alone."""
    if not data:
        return "the file is empty"
    if data.startswith(OLE_MAGIC):
        return (
            "the workbook is password-protected, or is an old Excel 97-2003 file: "
            f"remove the password, or {_SAVE_AS}"
        )
    if data.startswith(b"PK\x03\x04"):
        return None
    if data.startswith(b"PK\x05\x06"):
        return "the file is an empty zip archive, not an Excel workbook"
    if data.startswith(b"%PDF"):
        return "the file is a PDF, not an Excel workbook"
    if data.lstrip()[:1] == b"<":
        return f"the file is a web page or an XML spreadsheet, not an Excel workbook: {_SAVE_AS}"
    return "the file is not an Excel workbook (an .xlsx file is a zip archive; this one is not)"


def check_workbook_package(source: str, data: bytes, limits: FileLimits) -> None:
    """Refuse (``ImportRejected``) anything but a plain, modest OOXML archive."""
    problem = not_a_workbook(data)
    if problem:
        raise file_refused(source, problem)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as error:  # a damaged directory raises many kinds of error
        raise file_refused(source, _damaged(error)) from None
    with archive:
        entries = archive.infolist()
        problem = _odd_entries(entries, limits) or _not_excel({entry.filename for entry in entries})
        if problem:
            raise file_refused(source, problem)
        for entry in entries:
            try:
                declares = _declares_dtd(archive, entry)
            except Exception as error:  # bad CRC, truncated data, bad deflate stream
                raise file_refused(source, _damaged(error)) from None
            if declares:
                raise file_refused(source, dtd_refused(entry.filename))


def dtd_refused(part: str | None = None) -> str:
    where = f"the workbook's part {part[:80]}" if part else "a part of the workbook"
    return (
        f"{where} declares a DTD, XML entities or an unusual encoding, which Excel never "
        "writes (DTDs and entities are how 'billion laughs' attacks work): refused; "
        f"{_SAVE_AS}"
    )


def _odd_entries(entries: list[zipfile.ZipInfo], limits: FileLimits) -> str | None:
    if len(entries) > MAX_ENTRIES:
        return f"the archive has {len(entries):,} parts; an Excel workbook has a few dozen"
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_uncompressed:
        return (
            f"the workbook unpacks to {size_text(total)}; the limit is "
            f"{size_text(limits.max_uncompressed)} (is it a zip bomb?)"
        )
    names: set[str] = set()
    for entry in entries:
        name = entry.filename
        shown = name[:80].encode("ascii", "backslashreplace").decode()
        if (
            not name
            or name.startswith("/")
            or "\\" in name
            or "\x00" in name
            or ".." in name.split("/")
            or (len(name) > 1 and name[1] == ":")
        ):
            return f"the archive has an entry with an odd name ({shown}): not an Excel workbook"
        if name in names:
            return f"the archive has two entries named {shown}: not an Excel workbook"
        names.add(name)
        if entry.flag_bits & 0x1:
            return f"the archive's entry {shown} is encrypted: remove the password and save again"
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return f"the archive's entry {shown} is compressed in a way Excel never uses"
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > MB and ratio > limits.max_ratio:
            return (
                f"the archive's entry {shown} unpacks to {ratio:,.0f} times its packed size "
                f"(the limit is {limits.max_ratio}): is it a zip bomb?"
            )
    return None


def _not_excel(names: set[str]) -> str | None:
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "the file is a Word document renamed .xlsx, not an Excel workbook"
        if any(name.startswith("ppt/") for name in names):
            return "the file is a PowerPoint presentation renamed .xlsx, not an Excel workbook"
        return None
    if "content.xml" in names or "META-INF/manifest.xml" in names:
        return f"the file is an OpenDocument file (.ods), not an Excel workbook: {_SAVE_AS}"
    return "the file is a zip archive, not an Excel workbook"


def _declares_dtd(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether the entry holds a DTD or entity declaration, or declares an
    encoding other than UTF-8/UTF-16 (which could spell one so that it is not
    seen here). Streamed 1 MB at a time, NUL bytes dropped so that UTF-16 text
    is searched too."""
    tail = b""
    with archive.open(entry) as part:
        while chunk := part.read(MB):
            window = tail + chunk.replace(b"\x00", b"")
            if not tail:
                declared = _DECLARED.match(window.lstrip(b"\xef\xbb\xbf\xff\xfe"))
                if declared and declared.group(1).lower() not in _ENCODINGS:
                    return True
            if any(marker in window for marker in _FORBIDDEN):
                return True
            tail = window[-16:] or b" "
    return False


def _damaged(error: Exception) -> str:
    detail = str(error)[:120] or type(error).__name__
    return f"the file is damaged or cut short: it is not a readable zip archive ({detail})"
