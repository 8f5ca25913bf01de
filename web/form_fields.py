"""Reading a posted form's fields, and the refusal that belongs to one field:
shared by every form (items, governance, archiving, imports)."""

from __future__ import annotations

from datetime import date

from starlette.datastructures import FormData
from starlette.requests import Request

from domain.dates import parse_date
from domain.errors import InvalidDate, TrackerError
from web.session import check_csrf

MAX_UPLOAD = 5 * 1024 * 1024


async def form_of(request: Request) -> FormData:
    form = await request.form(max_files=1, max_fields=20, max_part_size=MAX_UPLOAD)
    check_csrf(request, form.get("csrf_token"))
    return form


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


class FieldError(TrackerError):
    """A refusal that belongs to one field of the form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def date_field(form: FormData, name: str, *, required: str | None = None) -> date | None:
    raw = text(form, name)
    if not raw:
        if required:
            raise FieldError(name, required)
        return None
    try:
        return parse_date(raw)
    except InvalidDate as error:
        raise FieldError(name, str(error)) from None
