"""Delivering one email: over SMTP, or as an .eml file for development.

A sender returns the server's reply on success and raises ``DeliveryError``
otherwise, saying whether trying again later could help: 4xx replies and
connection trouble are temporary; 5xx replies are permanent. A refusal keeps
only the server's codes (``replies.summary``): its words can name the recipient.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from notifications.replies import summary


class DeliveryError(Exception):
    def __init__(self, reply: str, *, permanent: bool) -> None:
        super().__init__(reply)
        self.reply = reply
        self.permanent = permanent


class Sender(Protocol):
    def send(self, email: EmailMessage) -> str: ...


class SmtpSender:
    def __init__(
        self,
        host: str,
        port: int = 25,
        *,
        starttls: bool = False,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.host, self.port, self.starttls = host, port, starttls
        self.user, self.password, self.timeout = user, password, timeout

    def send(self, email: EmailMessage) -> str:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password or "")
                refused = smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            raise DeliveryError(summary(code, text), permanent=code >= 500) from None
        except smtplib.SMTPResponseException as error:
            raise DeliveryError(
                summary(error.smtp_code, error.smtp_error), permanent=error.smtp_code >= 500
            ) from None
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryError(
                f"could not reach {self.host}:{self.port}: {error}", permanent=False
            ) from None
        if refused:  # only one recipient per message, so this is that one
            code, text = next(iter(refused.values()))
            raise DeliveryError(summary(code, text), permanent=code >= 500)
        return f"accepted by {self.host}:{self.port}"


class FileSender:
    """Development: write each message to ``folder/<Message-ID>.eml``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, email: EmailMessage) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = str(email["Message-ID"]).strip("<>").split("@")[0]
        path = self.folder / f"{name}.eml"
        path.write_bytes(bytes(email))
        return f"written to {path}"
