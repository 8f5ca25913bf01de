"""The board pack's three web forms: the page (to read and print), the PDF and
the Word document, each as at now or at an instant (``as_at``), with the
meeting's name on the cover (``meeting``). PDF and Word are cached
(``web.pack_cache``) until the log moves on. The PDF of a plan longer than
``pack_pdf_background_items`` is made in the background: until it is ready the
reader gets a page saying so, which refreshes itself (no one waits seconds on a
blocked request), and it is made again after each change while it is wanted
(``web.pack_refresh``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from application import checkpoint as checkpoints
from application.log_head import LogHead
from application.service import Tracker
from domain.dates import london_date
from web import pack
from web.off_loop import in_thread
from web.pack_cache import PackCache, PackKey
from web.pack_content import Pack, assemble
from web.pack_docx import DOCX, render_docx
from web.pack_refresh import PackRefresher, Recipe
from web.pages import BadInstant, keep_instant, requested_instant
from web.session import require_user, tracker
from web.templating import page

_key_lock = threading.Lock()
REFRESH_SECONDS = 5  # how often the "being prepared" page asks again


def signing_key(request: Request) -> Ed25519PrivateKey | None:
    """The tracker's signing key (made on first use), if the app was given a path."""
    state = request.app.state
    path: Path | None = getattr(state, "signing_key", None)
    if path is None:
        return None
    with _key_lock:
        if getattr(state, "loaded_signing_key", None) is None:
            state.loaded_signing_key = checkpoints.load_or_create_key(path)
        key: Ed25519PrivateKey = state.loaded_signing_key
    return key


def _meeting(request: Request) -> str:
    return " ".join(request.query_params.get("meeting", "").split())[:120]


def _pack(request: Request, as_at: datetime | None) -> Pack:
    return _assembler(request, as_at)(None)


def _bad_instant(request: Request, error: BadInstant) -> Response:
    return page(request, "error.html", 400, title="That date cannot be read", message=error.message)


@in_thread
def board_pack(request: Request) -> Response:
    require_user(request)
    try:
        as_at = requested_instant(request)
    except BadInstant as error:
        return _bad_instant(request, error)
    html = pack.render_html(
        _pack(request, as_at), as_at=keep_instant(as_at), meeting=_meeting(request)
    )
    return HTMLResponse(html)


def file_name(plan: str, on: str, kind: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9-]+", "-", plan).strip("-") or "plan"
    return f"{safe}-board-pack-{on}.{kind}"


def _document(request: Request, kind: str, render: Callable[[Pack], bytes]) -> Response:
    require_user(request)
    try:
        as_at = requested_instant(request)
    except BadInstant as error:
        return _bad_instant(request, error)
    app = tracker(request)
    plan = request.path_params["plan"]
    on = london_date(as_at or app.clock.now()).isoformat()
    items = len(app.board(plan, as_at=as_at).items) if kind == "pdf" else 0  # one query
    if items > request.app.state.pack_pdf_max_items:
        return _too_big(request, items)
    head = app.log_head()
    key = PackKey(
        plan=plan,
        as_at=keep_instant(as_at) if as_at else f"day:{on}",
        head=head.position,
        meeting=_meeting(request),
        kind=kind,
    )
    cache: PackCache = request.app.state.pack_cache
    pack = _assembler(request, as_at)
    if items > request.app.state.pack_pdf_background_items:
        refresher: PackRefresher = request.app.state.pack_refresher
        refresher.want(key, _recipe(app, as_at, key, pack, render))
        body = cache.ready_or_start(key, lambda: render(pack(head)))
        if body is None:
            return _being_prepared(request, items)
    else:
        body = cache.get_or_make(key, lambda: render(pack(head)))
    media = "application/pdf" if kind == "pdf" else DOCX
    disposition = "inline" if kind == "pdf" else "attachment"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'{disposition}; filename="{file_name(plan, on, kind)}"'},
    )


def _assembler(request: Request, as_at: datetime | None) -> Callable[[LogHead | None], Pack]:
    """The pack's assembly for a given head of the log, holding what it needs
    from the request, so that it can run in a background thread after the
    response has gone."""
    app, plan = tracker(request), request.path_params["plan"]
    key, meeting = signing_key(request), _meeting(request)
    return lambda head: assemble(app, plan, as_at=as_at, key=key, meeting=meeting, head=head)


def _recipe(
    app: Tracker,
    as_at: datetime | None,
    key: PackKey,
    pack: Callable[[LogHead | None], Pack],
    render: Callable[[Pack], bytes],
) -> Recipe:
    """How to make this pack again for a later head of the log (``PackRefresher``):
    a pack as at "now" only while it is still the same London day."""

    def again(head: LogHead) -> tuple[PackKey, Callable[[], bytes]] | None:
        if as_at is None and f"day:{london_date(app.clock.now()).isoformat()}" != key.as_at:
            return None
        return replace(key, head=head.position), lambda: render(pack(head))

    return again


def _too_big(request: Request, items: int) -> Response:
    limit: int = request.app.state.pack_pdf_max_items
    message = (
        f"This plan has {items:,} items; the PDF board pack is made for plans of up "
        f"to {limit:,}. Download the Word pack, or open the board pack page and use "
        "your browser's Print, or ask the administrator to raise "
        "TRACKER_PACK_PDF_MAX_ITEMS."
    )
    return page(request, "error.html", 413, title="This plan is too big for a PDF", message=message)


def _being_prepared(request: Request, items: int) -> Response:
    """The page a reader sees while a long plan's PDF is made in the background:
    it refreshes itself and is answered from the cache once the PDF is ready."""
    query = request.url.query
    again = request.url.path + (f"?{query}" if query else "")
    reply = page(
        request,
        "pack_preparing.html",
        202,
        title="Your board pack is being prepared",
        items=items,
        refresh=REFRESH_SECONDS,
        again=again,
        pack_page=again.replace("/pack.pdf", "/pack", 1),
    )
    reply.headers["Retry-After"] = str(REFRESH_SECONDS)
    return reply


@in_thread
def board_pack_pdf(request: Request) -> Response:
    return _document(request, "pdf", pack.render_pdf)


@in_thread
def board_pack_docx(request: Request) -> Response:
    return _document(request, "docx", render_docx)
