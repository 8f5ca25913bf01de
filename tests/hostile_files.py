"""Hostile and awkward spreadsheet files, made in memory, for tests and benchmarks.

Each ``Case`` is a file name, its bytes, and what the reader must do with it:
accept it (a legitimate file in an awkward form) or refuse it with a problem
that contains ``expect``. Zip files are assembled by hand where ``zipfile``
would refuse to write them (a 1.5 GB entry packed into 1.5 MB, an encrypted
flag, a path that climbs out of the archive).
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook

from tests.plans import BASIC

HEADER = ["ref", "parent", "title", "theme", "owner", "owner_email", "due", "status", "source"]
SHEET = "xl/worksheets/sheet1.xml"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_rows(count: int = 3) -> list[list[object]]:
    rows: list[list[object]] = []
    for n in range(count):
        ref = str(n + 1)
        rows.append(
            [ref, None, f"Action {ref}", "Leadership", "hos-cf", None, datetime(2010, 3, 31)]
        )
    return rows


def entries_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


@dataclass
class Raw:
    """One zip entry as it will be written: packed bytes, declared size and CRC."""

    name: str
    packed: bytes
    size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def deflated(name: str, content: bytes) -> Raw:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Raw(name, packer.compress(content) + packer.flush(), len(content), zlib.crc32(content))


def build_zip(entries: list[Raw]) -> bytes:
    """A zip written byte by byte (no zip64: every entry under 4 GB)."""
    out = io.BytesIO()
    directory = io.BytesIO()
    for entry in entries:
        name = entry.name.encode()
        offset = out.tell()
        fields = (20, entry.flags, entry.method, 0, 0x21, entry.crc, len(entry.packed), entry.size)
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, len(name), 0) + name)
        out.write(entry.packed)
        directory.write(
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, len(name), 0, 0, 0, 0, 0, offset)
            + name
        )
    start, size = out.tell(), directory.tell()
    out.write(directory.getvalue())
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), size, start, 0)
    )
    return out.getvalue()


def zip_bomb(unpacked_mb: int = 1500) -> bytes:
    """A real workbook whose sheet unpacks to ``unpacked_mb`` MB of XML
    whitespace, packed to about a thousandth of that: the CRC is honest."""
    block = b" " * (1024 * 1024)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    entries = entries_of(workbook(good_rows()))
    head, marker, tail = entries.pop(SHEET).partition(b"<sheetData>")
    # The whitespace goes inside <sheetData>: well-formed XML, all of it to parse.
    prefix = head + marker
    body = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    body += piece * unpacked_mb + packer.compress(tail) + packer.flush()
    crc = zlib.crc32(prefix)
    for _ in range(unpacked_mb):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(prefix) + unpacked_mb * len(block) + len(tail)
    raws = [deflated(name, content) for name, content in entries.items()]
    return build_zip([*raws, Raw(SHEET, body, size, crc)])


def with_prolog(xml: bytes, prolog: bytes) -> bytes:
    """``prolog`` (a DOCTYPE) placed before the root element of ``xml``."""
    if xml.startswith(b"<?xml"):
        declaration, _, rest = xml.partition(b"?>")
        return declaration + b"?>" + prolog + rest
    return prolog + xml


def with_sheet_prolog(data: bytes, prolog: bytes, part: str = SHEET) -> bytes:
    """The workbook with ``prolog`` before the root element of one part."""
    entries = entries_of(data)
    entries[part] = with_prolog(entries[part], prolog)
    return rezip(entries)


LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]>"
)


def laughs_workbook() -> bytes:
    """Billion laughs: a title cell that expands to a thousand million "lol"s."""
    data = workbook([["1", None, "PLACEHOLDER", None, None, None, "2010-03-31"]])
    entries = entries_of(data)
    sheet = entries[SHEET].replace(b"PLACEHOLDER", b"&lol9;")
    entries[SHEET] = with_prolog(sheet, LAUGHS)
    return rezip(entries)


def long_cell_workbook() -> bytes:
    """A title of 200,000 characters (openpyxl would cut it to Excel's 32,767)."""
    entries = entries_of(workbook([["1", None, "PLACEHOLDER", None, None, None, "2010-01-31"]]))
    entries[SHEET] = entries[SHEET].replace(b"PLACEHOLDER", b"x" * 200_000)
    return rezip(entries)


def docx_renamed() -> bytes:
    return rezip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "word/document.xml": b'<?xml version="1.0"?><document/>',
        }
    )


def flagged_encrypted(data: bytes) -> bytes:
    """The workbook with every entry flagged as encrypted (as zip tools mark them)."""
    raws = [deflated(name, content) for name, content in entries_of(data).items()]
    for raw in raws:
        raw.flags = 1
    return build_zip(raws)


def climbing_entry(data: bytes) -> bytes:
    raws = [deflated(name, content) for name, content in entries_of(data).items()]
    return build_zip([*raws, deflated("../../evil.xml", b"<x/>")])


def nested_zip(data: bytes) -> bytes:
    """A workbook carrying, as an embedded object, a zip with a 200 MB entry."""
    inner = io.BytesIO()
    with (
        zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("huge.bin", "w") as part,
    ):
        for _ in range(200):
            part.write(b"\0" * (1024 * 1024))
    entries = entries_of(data)
    entries["xl/embeddings/oleObject1.bin"] = inner.getvalue()
    return rezip(entries)


def huge_entry(data: bytes, megabytes: int = 60) -> bytes:
    entries = entries_of(data)
    entries["xl/media/image1.png"] = b"\0" * (megabytes * 1024 * 1024)
    return rezip(entries)


def ole_file() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(random.Random(2).randbytes(4096))


def csv_rows(count: int) -> bytes:
    lines = ["ref,title,due"] + [f"{n},Action {n},2010-03-31" for n in range(1, count + 1)]
    return ("\n".join(lines) + "\n").encode()


def big_sheet(count: int) -> bytes:
    return workbook(good_rows(count))


def far_cell() -> bytes:
    """A sheet whose used range runs to row 1,000,000: one stray cell far below."""
    entries = entries_of(workbook(good_rows()))
    stray = b'<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'
    entries[SHEET] = entries[SHEET].replace(b"</sheetData>", stray + b"</sheetData>")
    return rezip(entries)


def many_strings(count: int = 320_000) -> bytes:
    """A shared-string table of far more texts than any plan's (all different)."""
    entries = entries_of(workbook(good_rows()))
    items = b"".join(b"<si><t>%x</t></si>" % n for n in range(count))
    entries["xl/sharedStrings.xml"] = b'<sst xmlns="%s">%s</sst>' % (MAIN, items)
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    return rezip(entries)


def many_cells(rows: int = 5_100, columns: int = 100) -> bytes:
    """Rows of formatted empty cells: nothing to import, everything to parse."""
    entries = entries_of(workbook(good_rows()))
    letters = [_letters(n) for n in range(1, columns + 1)]
    body = b"".join(
        b'<row r="%d">' % r + b"".join(b'<c r="%s%d" s="1"/>' % (c, r) for c in letters) + b"</row>"
        for r in range(5, rows + 5)
    )
    entries[SHEET] = entries[SHEET].replace(b"</sheetData>", body + b"</sheetData>")
    return rezip(entries)


def _letters(number: int) -> bytes:
    text = b""
    while number:
        number, rest = divmod(number - 1, 26)
        text = bytes([65 + rest]) + text
    return text


@dataclass(frozen=True)
class Case:
    file: str
    make: Callable[[], bytes]
    expect: str | None  # a phrase of the refusal; None: accepted


def cases() -> list[Case]:
    good = workbook(good_rows())
    return [
        Case("not-a-zip.xlsx", lambda: b"ref,title,due\n1,x,2010-01-01\n", "not an Excel workbook"),
        Case("bomb.xlsx", zip_bomb, "unpacks to 1500 MB; the limit is 50 MB"),
        Case("dtd.xlsx", lambda: with_sheet_prolog(good, b"<!DOCTYPE worksheet>"), "DTD"),
        Case("laughs.xlsx", laughs_workbook, "declares a DTD"),
        Case("random.csv", lambda: random.Random(1).randbytes(100_000), "not a CSV text file"),
        Case("nul.csv", lambda: BASIC.replace("Health", "Hea\0lth").encode(), "NUL"),
        Case("utf16.csv", lambda: BASIC.encode("utf-16"), None),
        Case("utf8-bom.csv", lambda: b"\xef\xbb\xbf" + BASIC.encode(), None),
        Case(
            "cp1252.csv", lambda: BASIC.replace("capacity", "capacity £2m").encode("cp1252"), None
        ),
        Case(
            "bad-utf16.csv",
            lambda: b"\xff\xfe" + "ref,title".encode("utf-16-le") + b"\x00\xd8",
            "UTF-16",
        ),
        Case("semicolons.csv", lambda: b"ref;title;due\n1;One;2010-01-31\n", None),
        Case(
            "long-cell.csv",
            lambda: f"ref,title,due\n1,{'x' * 200_000},2010-01-31\n".encode(),
            "131,072",
        ),
        Case("long-cell.xlsx", long_cell_workbook, "200,000 characters; the limit is 32,767"),
        Case("rows-30000.csv", lambda: csv_rows(30_000), "more than 20,000 rows"),
        Case("rows-30000.xlsx", lambda: big_sheet(30_000), "more than 20,000 rows"),
        Case("far-cell.xlsx", far_cell, "runs on past row"),
        Case("many-strings.xlsx", many_strings, "more than 300,015 different texts"),
        Case("many-cells.xlsx", many_cells, "more than 500,025 cells"),
        Case(
            "formulas.xlsx",
            lambda: workbook([["1", None, "=1+1", None, None, None, "=TODAY()"]]),
            "formulas are not accepted",
        ),
        Case(
            "email-comma.csv",
            lambda: (
                b"ref,title,due,owner,owner_email\n1,One,2010-01-31,ceo,a@x.gov.uk,ceo@x.gov.uk\n"
            ),
            "no heading",
        ),
        Case(
            "email-comma-quoted.csv",
            lambda: b'ref,title,due,owner,owner_email\n1,One,2010-01-31,ceo,"a@x.gov.uk,ceo"\n',
            "holds more than one",
        ),
        Case(
            "bell.csv",
            lambda: b"ref,title,due\n1,Ring \x07 bell,2010-01-31\n",
            "control character (U+0007)",
        ),
        Case(
            "invisible.csv",
            lambda: "ref,title,due\n1,\u200b\u200b,2010-01-31\n".encode(),
            "no visible characters",
        ),
        Case(
            "title-301.csv",
            lambda: f"ref,title,due\n1,{'t' * 301},2010-01-31\n".encode(),
            "limit for title is 300",
        ),
        Case("empty.csv", lambda: b"", "the file is empty"),
        Case("empty.xlsx", lambda: b"", "the file is empty"),
        Case("header-only.csv", lambda: b"ref,title,due\n", "a header but no items"),
        Case("blank-rows.csv", lambda: b",,\n,,\n,,\n", "expected a header row"),
        Case(
            "blank-rows.xlsx",
            lambda: workbook([[None], [None]], header=[""]),
            "expected a header row",
        ),
        Case("old.xls", ole_file, "old Excel 97-2003"),
        Case("old-renamed.xlsx", ole_file, "password-protected"),
        Case("document.xlsx", docx_renamed, "Word document"),
        Case("report.xlsx", lambda: b"%PDF-1.7\n" + bytes(1000), "is a PDF"),
        Case("cut-short.xlsx", lambda: good[: len(good) // 2], "damaged or cut short"),
        Case("encrypted-entries.xlsx", lambda: flagged_encrypted(good), "encrypted"),
        Case("climbing.xlsx", lambda: climbing_entry(good), "odd name"),
        Case("huge-entry.xlsx", lambda: huge_entry(good), "unpacks to"),
        Case("nested-zip.xlsx", lambda: nested_zip(good), None),
        Case("workbook.csv", lambda: good, "it is an Excel workbook"),
        Case("plan.txt", lambda: BASIC.encode(), "use .csv or .xlsx"),
    ]
