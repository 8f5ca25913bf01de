"""The administrators' pages: who may sign in (users), and each plan's owners,
board contacts, reminder settings and workload.

Why a module of its own: these are the only pages for one role, and every
handler starts from ``require_admin``. Forms carry the CSRF token like the
rest; a refusal re-renders the page with a GOV.UK error summary and records
nothing. The work is the application service's own (``Users``, ``assign``,
``set_contacts``, ``configure_reminders``, ``workload``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from web import admin_plans, admin_users
from web.admin_users import require_admin
from web.off_loop import in_thread
from web.session import tracker
from web.templating import page


@in_thread
def home(request: Request) -> Response:
    """GET /admin: the users, and each plan's settings and workload."""
    require_admin(request)
    app = tracker(request)
    plans = app.plan_summaries() + app.plan_summaries(archived=True)
    return page(request, "admin.html", plans=plans, users=len(app.users.all()))


def routes() -> list[Route]:
    plan = "/admin/plans/{plan}"
    return [
        Route("/admin", home),
        Route("/admin/users", admin_users.users_page, methods=["GET"]),
        Route("/admin/users", admin_users.add_user, methods=["POST"]),
        Route("/admin/users/{name}", admin_users.user_page, methods=["GET"]),
        *(
            Route(f"/admin/users/{{name}}/{kind}", admin_users.user_form, methods=["POST"])
            for kind in admin_users.USER_FORMS
        ),
        Route(plan, admin_plans.settings_page, methods=["GET"]),
        Route(plan + "/workload", admin_plans.workload_page, methods=["GET"]),
        *(
            Route(f"{plan}/{kind}", admin_plans.settings_form(kind), methods=["POST"])
            for kind in ("owner", "contacts", "reminders")
        ),
    ]
