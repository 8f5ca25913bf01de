"""The web application: routes, sessions, security headers and error pages.

Handlers call the one application service directly. They are ``async`` but
the service is synchronous: a worker serves one request at a time, which
keeps the store's connections simple. For several users at once, run more
workers (``tracker serve --workers N``) on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from application.file_limits import DEFAULT_LIMITS, FileLimits
from application.service import Tracker
from application.sessions import SessionPolicy
from domain.errors import InvalidPlanId, TrackerError, UnknownItem
from web import (
    admin,
    archive,
    calendar_feed,
    downloads,
    forms,
    governance,
    importing,
    indicator_upload,
    indicators,
    meetings,
    pack_pages,
    pages,
    what_moved,
)
from web.pack_cache import PackCache
from web.pack_refresh import PackRefresher
from web.proxy import SessionCookies, TrustedProxy
from web.session import BadCsrfToken, Forbidden, SignInRequired
from web.templating import page, query

STATIC = Path(__file__).parent / "static"

# Scripts and styles only from this site: a title or reason holding markup can
# never run, even if a template forgot to escape it.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(
    tracker: Tracker,
    *,
    secure_cookies: bool = False,
    file_limits: FileLimits = DEFAULT_LIMITS,
    pack_pdf_max_items: int = 600,
    pack_pdf_background_items: int = 100,
    trust_proxy: bool = False,
    session_policy: SessionPolicy | None = None,
    signing_key: Path | None = None,
) -> Starlette:
    """``secure_cookies``: cookies only over HTTPS, whatever the request came by;
    ``trust_proxy``: believe X-Forwarded-Proto and -For (set only behind one);
    ``pack_pdf_background_items``: a plan's PDF pack longer than this is made in
    the background (a "being prepared" page meanwhile), a shorter one at once."""
    policy = session_policy or SessionPolicy()
    item = "/plans/{plan}/items/{ref}"
    routes = [
        Route("/", pages.plans),
        Route("/sign-in", forms.sign_in_page, methods=["GET"]),
        Route("/sign-in", forms.sign_in_form, methods=["POST"]),
        Route("/sign-out", forms.sign_out, methods=["POST"]),
        Route("/my-items", pages.my_items),
        Route("/calendar", calendar_feed.calendar_page, methods=["GET"]),
        Route("/calendar/new", calendar_feed.calendar_new, methods=["POST"]),
        Route("/calendar/revoke", calendar_feed.calendar_revoke, methods=["POST"]),
        Route("/calendar/{token}.ics", calendar_feed.feed, methods=["GET"]),
        Route("/import", importing.import_page, methods=["GET"]),
        Route("/import", importing.import_upload, methods=["POST"]),
        Route("/import/confirm", importing.import_confirm, methods=["POST"]),
        Route("/import/template.xlsx", downloads.import_template),
        Route("/plans/{plan}", pages.board),
        Route("/plans/{plan}/changes", what_moved.changes),
        Route("/plans/{plan}/meetings", meetings.meetings_page, methods=["GET"]),
        Route("/plans/{plan}/meetings", meetings.record_meeting, methods=["POST"]),
        Route("/plans/{plan}/exceptions", pages.exceptions_page),
        Route("/plans/{plan}/indicators", indicators.indicators_page),
        Route("/plans/{plan}/indicators/upload", indicator_upload.upload, methods=["POST"]),
        Route(
            "/plans/{plan}/indicators/upload/confirm", indicator_upload.confirm, methods=["POST"]
        ),
        Route("/plans/{plan}/indicators/{code}/figure", indicators.figure_form, methods=["POST"]),
        Route("/plans/{plan}/indicators/{code}", indicators.indicator_page),
        Route("/plans/{plan}/pack", pack_pages.board_pack),
        Route("/plans/{plan}/pack.pdf", pack_pages.board_pack_pdf),
        Route("/plans/{plan}/pack.docx", pack_pages.board_pack_docx),
        Route("/plans/{plan}/board.{kind:str}", downloads.board_download),
        Route("/plans/{plan}/governance", governance.governance_page, methods=["GET"]),
        Route("/plans/{plan}/governance", governance.governance_form, methods=["POST"]),
        Route("/plans/{plan}/archive", archive.archive, methods=["POST"]),
        Route("/plans/{plan}/unarchive", archive.unarchive, methods=["POST"]),
        Route(item + "/calendar.ics", calendar_feed.item_download, methods=["GET"]),
        Route(item + "/{form:str}", forms.item_form, methods=["POST"]),
        Route(item, pages.item),
        *admin.routes(),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    secret = tracker.users.session_secret()
    app = Starlette(
        routes=archive.plan_ids_checked(routes),
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(TrustedProxy, trusted=trust_proxy),
            Middleware(
                SessionCookies,
                secret_key=secret,
                max_age=int(policy.absolute.total_seconds()),
                always_secure=secure_cookies,
            ),
        ],
        exception_handlers={
            SignInRequired: _sign_in_required,
            Forbidden: _forbidden,
            BadCsrfToken: _bad_csrf,
            TrackerError: _not_found,
            404: _missing,
        },
    )
    app.state.tracker = tracker
    app.state.file_limits = file_limits
    app.state.pack_pdf_max_items = pack_pdf_max_items
    app.state.pack_pdf_background_items = pack_pdf_background_items
    app.state.signing_key = signing_key  # packs carry a checkpoint signed with it
    app.state.pack_cache = PackCache()
    app.state.pack_refresher = PackRefresher(app.state.pack_cache, tracker.log_head)
    app.state.session_policy = policy

    return app


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope["path"]).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                if not static:
                    headers["Cache-Control"] = "no-store"  # boards hold staff names
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        target = "/"
    return RedirectResponse("/sign-in" + query(next=target), status_code=303)


async def _forbidden(request: Request, exc: Exception) -> Response:
    return page(request, "error.html", 403, title="You cannot do that", message=str(exc))


async def _bad_csrf(request: Request, exc: Exception) -> Response:
    message = (
        "This form was not sent from a page of this site, or the page is too old. "
        "Nothing was recorded: go back, reload the page and try again."
    )
    return page(request, "error.html", 403, title="The form could not be accepted", message=message)


async def _not_found(request: Request, exc: Exception) -> Response:
    status = 404 if isinstance(exc, (UnknownItem, InvalidPlanId)) else 400
    title = "Not found" if status == 404 else "That could not be done"
    return page(request, "error.html", status, title=title, message=str(exc))


async def _missing(request: Request, exc: Exception) -> Response:
    return page(
        request, "error.html", 404, title="Page not found", message="There is no such page."
    )
