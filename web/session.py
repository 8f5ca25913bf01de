"""Who is signed in, and the CSRF token every form carries.

A signed cookie (Starlette's SessionMiddleware, itsdangerous) holds only a
random session id once someone signs in; the session itself (user, times,
CSRF token) is on the server (``application.sessions``) and is looked up on
every request, so a session the server ended is over at once, even in a copy
of the cookie. Before signing in, the cookie holds the sign-in form's CSRF
token; it also carries the one-line message shown after a form.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request

from application.access import Act, allowed
from application.service import Tracker
from application.sessions import Session, SessionPolicy
from application.users import User

_LOOKED_UP = "tracker.session"  # where a request keeps its session once looked up


class SignInRequired(Exception):
    pass


class Forbidden(Exception):
    """A signed-in user asked for something their role does not allow."""


class BadCsrfToken(Exception):
    pass


def tracker(request: Request) -> Tracker:
    app: Tracker = request.app.state.tracker
    return app


def policy(request: Request) -> SessionPolicy:
    found = getattr(request.app.state, "session_policy", None)
    return found if isinstance(found, SessionPolicy) else SessionPolicy()


def client_address(request: Request) -> str:
    """The client's IP address (the proxy's unless TRACKER_TRUST_PROXY is set)."""
    return request.client.host if request.client else "unknown"


def _session(request: Request) -> Session | None:
    """This request's server-side session, looked up once per request."""
    if _LOOKED_UP in request.scope:
        cached: Session | None = request.scope[_LOOKED_UP]
        return cached
    secret = request.session.get("sid")
    found = None
    if isinstance(secret, str):
        app = tracker(request)
        found = app.users.sessions.find(secret, now=app.clock.now(), policy=policy(request))
        if found is None:
            request.session.pop("sid")  # ended or expired: the browser forgets it
    request.scope[_LOOKED_UP] = found
    return found


def current_user(request: Request) -> User | None:
    session = _session(request)
    return None if session is None else User(session.user, session.role)


def require_user(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise SignInRequired()
    return user


def require(request: Request, act: Act, owner: str | None = None) -> User:
    user = require_user(request)
    if not allowed(user.role, act, user=user.name, owner=owner):
        whose = f" on items owned by {owner}" if owner else ""
        raise Forbidden(f"As {user.role.value}, {user.name} cannot {act.value}{whose}.")
    return user


def csrf_token(request: Request) -> str:
    session = _session(request)
    if session is not None:
        return session.csrf
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: object) -> None:
    session = _session(request)
    expected = session.csrf if session is not None else request.session.get("csrf")
    if not (
        isinstance(expected, str)
        and isinstance(submitted, str)
        and secrets.compare_digest(expected, submitted)
    ):
        raise BadCsrfToken()


def sign_in(request: Request, user: User) -> None:
    """A new server-side session; the cookie starts afresh (no fixation)."""
    app = tracker(request)
    end_session(request)  # signing in again replaces the session, never adds one
    secret = app.users.sessions.start(
        user.name, now=app.clock.now(), client=client_address(request), policy=policy(request)
    )
    request.session["sid"] = secret


def end_session(request: Request) -> None:
    """Ends this session on the server: a copy of the cookie opens nothing."""
    secret = request.session.get("sid")
    if isinstance(secret, str):
        tracker(request).users.sessions.end(secret)
    request.session.clear()
    request.scope.pop(_LOOKED_UP, None)


def flash(request: Request, message: str) -> None:
    request.session["flash"] = message


def take_flash(request: Request) -> str | None:
    message = request.session.pop("flash", None)
    return message if isinstance(message, str) else None
