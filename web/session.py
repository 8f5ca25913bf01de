"""Who is signed in, and the CSRF token every form carries.

Sessions live in a signed cookie (Starlette's SessionMiddleware, itsdangerous);
it holds only the user's name and the session's CSRF token. The user is read
again from the store on each request, so a removed account stops at once.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request

from application.access import Act, allowed
from application.service import Tracker
from application.users import User


class SignInRequired(Exception):
    pass


class Forbidden(Exception):
    """A signed-in user asked for something their role does not allow."""


class BadCsrfToken(Exception):
    pass


def tracker(request: Request) -> Tracker:
    app: Tracker = request.app.state.tracker
    return app


def current_user(request: Request) -> User | None:
    name = request.session.get("user")
    return tracker(request).users.get(name) if isinstance(name, str) else None


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
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: object) -> None:
    expected = request.session.get("csrf")
    if not (
        isinstance(expected, str)
        and isinstance(submitted, str)
        and secrets.compare_digest(expected, submitted)
    ):
        raise BadCsrfToken()


def sign_in(request: Request, user: User) -> None:
    request.session.clear()  # a fresh session: no fixation
    request.session["user"] = user.name
    request.session["csrf"] = secrets.token_urlsafe(32)


def flash(request: Request, message: str) -> None:
    request.session["flash"] = message


def take_flash(request: Request) -> str | None:
    message = request.session.pop("flash", None)
    return message if isinstance(message, str) else None
