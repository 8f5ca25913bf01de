"""An uploaded form with one file, read within a size limit as it streams.

Starlette's ``request.form()`` limits the size of form fields but not of file
parts: a 100 MB upload is read whole and spooled to disk before any code can
look at it. Here the request's Content-Length is checked first (a declared
100 MB is refused before a byte of it is read), then the body is parsed as it
arrives, the file's bytes counted, and reading stops at the first byte past
the limit. The file is kept in memory (it is at most the limit); the name the
browser sent is reduced to a safe one (``safe_file_name``).

The caller checks the CSRF token in ``fields`` as for any other form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from application.file_limits import size_text
from application.file_names import safe_file_name
from domain.errors import TrackerError

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

__all__ = ["UploadRefused", "UploadTooLarge", "UploadedForm", "read_upload", "safe_file_name"]

FORM_ALLOWANCE = 64 * 1024  # the other fields and the multipart framing around the file
MAX_FIELDS = 20
MAX_FIELD_BYTES = 16 * 1024


class UploadRefused(TrackerError):
    """The form could not be read as an upload; nothing was recorded."""


class UploadTooLarge(UploadRefused):
    """The file is over the limit; reading stopped there."""


@dataclass(frozen=True)
class UploadedForm:
    fields: dict[str, str]
    file_name: str | None  # safe to show and to name a file by; None: no file chosen
    data: bytes | None


async def read_upload(request: Request, *, max_file_bytes: int) -> UploadedForm:
    """The form's text fields and its one file, or ``UploadTooLarge`` (the file
    is over ``max_file_bytes``) or ``UploadRefused`` (not a well-formed upload)."""
    kind, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadRefused("the form was not sent as a file upload (multipart/form-data)")
    most = max_file_bytes + FORM_ALLOWANCE
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > most:
        raise UploadTooLarge(
            f"The file is {size_text(int(declared))}; the limit is {size_text(max_file_bytes)}"
        )
    parts = _Parts(max_file_bytes)
    received = 0
    try:
        parser = MultipartParser(boundary, parts.callbacks())
        async for chunk in request.stream():
            received += len(chunk)
            if received > most:  # a body without a Content-Length, or one that lied
                raise parts.too_large()
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise UploadRefused("the upload was cut short or is malformed: try again") from None
    except ClientDisconnect:
        raise UploadRefused("the upload was interrupted: try again") from None
    if parts.open:
        raise UploadRefused("the upload was cut short: try again")
    return parts.result()


@dataclass
class _Part:
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    name: str = ""
    file_name: str | None = None
    data: bytearray = field(default_factory=bytearray)


class _Parts:
    """The multipart parser's callbacks: each part's headers and data, counted."""

    def __init__(self, max_file_bytes: int) -> None:
        self.max_file_bytes = max_file_bytes
        self.fields: dict[str, str] = {}
        self.file_name: str | None = None
        self.data: bytes | None = None
        self.open = False
        self._part = _Part()
        self._header = [b"", b""]

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self._begin,
            "on_header_field": lambda data, start, end: self._add(0, data[start:end]),
            "on_header_value": lambda data, start, end: self._add(1, data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }

    def too_large(self) -> UploadTooLarge:
        return UploadTooLarge(f"The file is larger than the {size_text(self.max_file_bytes)} limit")

    def result(self) -> UploadedForm:
        return UploadedForm(self.fields, self.file_name, self.data)

    def _begin(self) -> None:
        self._part = _Part()
        self.open = True

    def _add(self, which: int, data: bytes) -> None:
        self._header[which] += data
        if len(self._header[which]) > MAX_FIELD_BYTES:
            raise UploadRefused("the upload has a part header too long to be a browser's")

    def _header_end(self) -> None:
        self._part.headers.append((self._header[0].strip().lower(), self._header[1].strip()))
        self._header = [b"", b""]

    def _headers_finished(self) -> None:
        disposition = dict(self._part.headers).get(b"content-disposition", b"")
        _, options = parse_options_header(disposition)
        self._part.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            if self.data is not None:
                raise UploadRefused("the upload has more than one file: choose one")
            self._part.file_name = options[b"filename"].decode("utf-8", "replace")
        elif len(self.fields) >= MAX_FIELDS:
            raise UploadRefused(f"the form has more than {MAX_FIELDS} fields")

    def _data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        part.data += data[start:end]
        if part.file_name is not None:
            if len(part.data) > self.max_file_bytes:
                raise self.too_large()
        elif len(part.data) > MAX_FIELD_BYTES:
            raise UploadRefused(f"the form's field '{part.name[:40]}' is too long")

    def _end(self) -> None:
        part = self._part
        self.open = False
        if part.file_name is None:
            self.fields[part.name] = part.data.decode("utf-8", "replace")
        elif part.file_name or part.data:  # a browser sends an empty part for "no file"
            self.file_name = safe_file_name(part.file_name)
            self.data = bytes(part.data)
