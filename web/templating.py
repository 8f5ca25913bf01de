"""The page templates: jinja2, always escaping, strict about missing names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from application.access import Act, allowed
from application.people import staff_label
from domain.approvals import request_words
from domain.dates import LONDON
from projections.trend import ARROWS
from web.date_input import TRAVEL_FIELDS, date_field
from web.links import web_address
from web.present import (
    FIELD_NAMES,
    RAG_LABELS,
    STATUS_LABELS,
    cell_text,
    readable,
    uk_date,
    uk_instant,
)
from web.session import csrf_token, current_user, take_flash, tracker
from web.trend_chart import chart

TEMPLATES = Path(__file__).parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["uk_date"] = uk_date
env.filters["uk_instant"] = uk_instant
env.filters["readable"] = readable
env.filters["london_hm"] = lambda instant: instant.astimezone(LONDON).strftime("%H:%M")
env.filters["cell"] = cell_text
env.filters["field_name"] = lambda name: FIELD_NAMES.get(name, name)
env.filters["person"] = staff_label  # {{ key | person(people) }}: "Name, Job title (key)"
env.filters["request"] = lambda waiting: sentence(request_words(waiting.kind, waiting.due))
env.globals["STATUS_LABELS"] = STATUS_LABELS
env.globals["RAG_LABELS"] = RAG_LABELS
env.globals["Act"] = Act
env.globals["date_field"] = date_field
env.filters["web_address"] = web_address
env.globals["travel_fields"] = TRAVEL_FIELDS
env.globals["trend_chart"] = chart
env.globals["DIRECTION_ARROWS"] = ARROWS


def sentence(text: object) -> str:
    """Messages start with a capital, unless they start with a name or a file
    (hos-cf, audit.csv), which keep their own spelling."""
    words = str(text)
    if re.match(r"[a-z]+(?=[ ,;])", words):
        return words[0].upper() + words[1:]
    return words


def query(**params: object) -> str:
    """A query string of the non-empty parameters, with its '?'."""
    kept = {key: value for key, value in params.items() if value not in (None, "", False)}
    return "?" + urlencode(kept) if kept else ""


env.globals["query"] = query
env.filters["sentence"] = sentence


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    user = current_user(request)

    def may(act: Act, owner: str | None = None) -> bool:
        return user is not None and allowed(user.role, act, user=user.name, owner=owner)

    context.setdefault("errors", [])
    # Staff keys are shown by name (``person`` filter): one read of the directory.
    context.setdefault("people", tracker(request).directory.people() if user else {})
    # One row read (never a verification): the banner every signed-in user sees
    # while the latest verification found the event log's chain broken.
    latest = tracker(request).integrity.latest() if user else None
    html = env.get_template(template).render(
        request=request,
        user=user,
        integrity=latest if latest and not latest.ok else None,
        may=may,
        csrf_token=csrf_token(request),
        flash=take_flash(request),
        **context,
    )
    return HTMLResponse(html, status_code=status)
