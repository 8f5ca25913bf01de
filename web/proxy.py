"""The request as the browser made it, and cookies that stay on HTTPS.

Behind the council's HTTPS proxy the tracker sees plain HTTP from the proxy's
address. Only when the administrator says the proxy is trusted
(``TRACKER_TRUST_PROXY=true``) are its ``X-Forwarded-Proto`` and
``X-Forwarded-For`` headers believed: anyone can send those headers, and the
client's address is what sign-in throttling counts. The last value of each is
taken, the one the nearest proxy wrote. The session cookie is marked
``Secure`` whenever the request came over HTTPS (or always, with
``TRACKER_SECURE_COOKIES=true``), so a browser never sends it in clear.
"""

from __future__ import annotations

import ipaddress

from starlette.datastructures import Headers
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "tracker_session"


class TrustedProxy:
    """Takes the scheme and client address from a trusted proxy's headers."""

    def __init__(self, app: ASGIApp, *, trusted: bool) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.trusted and scope["type"] in ("http", "websocket"):
            scope = dict(scope)
            headers = Headers(scope=scope)
            proto = _last(headers, "x-forwarded-proto").lower()
            if proto in ("http", "https"):
                secure = proto == "https"
                web = scope["type"] == "http"
                scope["scheme"] = (
                    ("https" if secure else "http") if web else ("wss" if secure else "ws")
                )
            address = _last(headers, "x-forwarded-for")
            if _is_ip(address):
                scope["client"] = (address, 0)
        await self.app(scope, receive, send)


class SessionCookies:
    """Starlette's signed-cookie sessions, ``Secure`` when the request was HTTPS."""

    def __init__(self, app: ASGIApp, *, secret_key: str, max_age: int, always_secure: bool) -> None:
        def sessions(secure: bool) -> SessionMiddleware:
            return SessionMiddleware(
                app,
                secret_key=secret_key,
                session_cookie=COOKIE,
                max_age=max_age,
                same_site="lax",
                https_only=secure,
            )

        self._secure = sessions(True)
        self._plain = self._secure if always_secure else sessions(False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        over_tls = scope.get("scheme") in ("https", "wss")
        await (self._secure if over_tls else self._plain)(scope, receive, send)


def _last(headers: Headers, name: str) -> str:
    values = ",".join(headers.getlist(name)).split(",")
    return values[-1].strip()


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
