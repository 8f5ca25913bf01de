"""Administrators manage who may sign in: add a user, change a role, reset a
password, remove a user. Each is the ``Users`` store's own operation, which
ends the user's sessions in the same transaction. An administrator cannot
change their own role or remove themselves, so there is always one left."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.access import Role, parse_role
from application.passwords import BadPassword, BadUserName
from application.users import User
from domain.errors import TrackerError
from web.forms import form_of, text
from web.off_loop import in_thread
from web.session import Forbidden, flash, require_user, tracker
from web.templating import page

ROLE_HINTS = {
    Role.VIEWER: "Reads every plan, its history and past views",
    Role.OWNER: "Also updates the items they own",
    Role.CHAIR: "Updates any item and signs items off",
    Role.ADMIN: "Imports and archives plans, manages users and plan settings",
}
Errors = list[tuple[str, str]]
USER_FORMS = ("role", "password", "remove")


def require_admin(request: Request) -> User:
    """The signed-in user, if an administrator (otherwise the 403 page)."""
    user = require_user(request)
    if user.role is not Role.ADMIN:
        raise Forbidden(f"As {user.role.value}, {user.name} cannot manage users and plans.")
    return user


def _ended(count: int) -> str:
    return f"; {count} session{'s' if count != 1 else ''} ended" if count else ""


def _users(request: Request, errors: Errors, values: dict[str, str], status: int) -> Response:
    users = tracker(request).users.all()
    return page(
        request,
        "admin_users.html",
        status,
        users=users,
        roles=list(Role),
        role_hints=ROLE_HINTS,
        errors=errors,
        values=values,
    )


@in_thread
def users_page(request: Request) -> Response:
    """GET /admin/users"""
    require_admin(request)
    return _users(request, [], {}, 200)


async def add_user(request: Request) -> Response:
    """POST /admin/users: a new user with a role and a first password."""
    require_admin(request)
    form = await form_of(request)
    name, role, password = text(form, "name"), text(form, "role"), form.get("password")
    values = {"name": name, "role": role}
    errors: Errors = []
    if not name:
        errors.append(("name", "Enter the user name (their staff key), for example hos-cf"))
    if role not in {r.value for r in Role}:
        errors.append(("role-viewer", "Choose what the user may do"))
    if not isinstance(password, str) or not password:
        errors.append(("password", "Enter a first password for the user"))
    if errors:
        return await run_in_threadpool(_users, request, errors, values, 400)
    assert isinstance(password, str)
    app = tracker(request)
    try:
        user = await run_in_threadpool(app.users.add, name, Role(role), password)
    except BadPassword as error:
        return await run_in_threadpool(_users, request, [("password", str(error))], values, 400)
    except TrackerError as error:  # a bad or taken name
        return await run_in_threadpool(_users, request, [("name", str(error))], values, 400)
    flash(request, f"{user.name} can now sign in as {user.role.value}.")
    return RedirectResponse("/admin/users", status_code=303)


def _user(request: Request, errors: Errors, status: int) -> Response:
    name = request.path_params["name"]
    found = tracker(request).users.get(name)
    if found is None:
        raise HTTPException(404)
    return page(
        request,
        "admin_user.html",
        status,
        account=found,
        roles=list(Role),
        role_hints=ROLE_HINTS,
        errors=errors,
    )


@in_thread
def user_page(request: Request) -> Response:
    """GET /admin/users/{name}: change the role, reset the password, remove."""
    require_admin(request)
    return _user(request, [], 200)


async def user_form(request: Request) -> Response:
    """POST /admin/users/{name}/role|password|remove (a route each: any other
    address under a user is not found)"""
    admin = require_admin(request)
    name, kind = request.path_params["name"], request.url.path.rsplit("/", 1)[1]
    form = await form_of(request)
    app = tracker(request)
    if await run_in_threadpool(app.users.get, name) is None:
        raise HTTPException(404)
    if name == admin.name and kind != "password":
        field = "role-viewer" if kind == "role" else "remove"
        mine = f"You cannot {'change your own role' if kind == 'role' else 'remove yourself'}"
        error = (field, f"{mine}: ask another administrator")
        return await run_in_threadpool(_user, request, [error], 400)
    try:
        if kind == "role":
            role = parse_role(text(form, "role")) if text(form, "role") else None
            if role is None:
                raise BadUserName("Choose what the user may do")
            ended = await run_in_threadpool(app.users.set_role, name, role)
            message = (
                f"{name} already was {role.value}: nothing changed."
                if ended is None
                else f"{name} is now {role.value}{_ended(ended)}."
            )
        elif kind == "password":
            password = form.get("password")
            secret = password if isinstance(password, str) else ""
            if not secret:
                raise BadPassword("Enter the new password")
            ended = await run_in_threadpool(app.users.set_password, name, secret)
            message = f"The password of {name} is reset{_ended(ended)}. Tell them it safely."
        else:
            ended = await run_in_threadpool(app.users.remove, name)
            flash(request, f"{name} is removed and can no longer sign in{_ended(ended)}.")
            return RedirectResponse("/admin/users", status_code=303)
    except TrackerError as error:
        field = {"role": "role-viewer", "password": "password"}[kind]
        return await run_in_threadpool(_user, request, [(field, str(error))], 400)
    flash(request, message)
    return RedirectResponse(f"/admin/users/{name}", status_code=303)
