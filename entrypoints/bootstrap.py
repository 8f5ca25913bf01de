"""The one place that builds the object graph from settings.

Mail and the calendar are imported only by the commands that build them: the
renderer (jinja2, icalendar) would otherwise cost every command's start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from application.clock import Clock
from application.service import Tracker
from application.settings import Settings, SettingsError
from store.dialect import Dialect

if TYPE_CHECKING:
    from scheduler.calendar import EnglishWorkingDays
    from scheduler.service import Mail


def bootstrap(settings: Settings, clock: Clock | None = None) -> Tracker:
    env = settings.eventsourcing_env()
    dialect = Dialect.of_env(env)  # built once: every store-backed object receives it
    return Tracker(env=env, clock=clock or settings.clock(), dialect=dialect)


def mail(settings: Settings) -> Mail:
    """How messages leave: .eml files in development, else SMTP."""
    from notifications.render import Renderer
    from notifications.senders import FileSender, Sender, SmtpSender
    from scheduler.service import Mail

    renderer = Renderer(sender=settings.mail_from, web_url=settings.web_url)
    sender: Sender
    if settings.mail_folder is not None:
        sender = FileSender(settings.mail_folder)
    elif settings.smtp_host:
        sender = SmtpSender(
            settings.smtp_host,
            settings.smtp_port,
            starttls=settings.smtp_starttls,
            user=settings.smtp_user,
            password=settings.smtp_password,
            timeout=settings.smtp_timeout,
        )
    else:
        raise SettingsError(
            "no way to send mail: set TRACKER_SMTP_HOST (and TRACKER_SMTP_PORT ...) "
            "or, for development, TRACKER_MAIL_FOLDER"
        )
    return Mail(sender, renderer)


def calendar(settings: Settings) -> EnglishWorkingDays:
    from scheduler.calendar import EnglishWorkingDays

    return EnglishWorkingDays(settings.closures)
