"""Settings, read from a mapping (normally ``os.environ``) in one place."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, ValidationError

from application.clock import Clock, FixedClock, SystemClock
from application.file_limits import MB, FileLimits
from application.sessions import SessionPolicy
from domain.dates import parse_instant
from domain.errors import TrackerError

DEFAULT_DB = "sqlite:///var/tracker.db"


class SettingsError(TrackerError):
    pass


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    db: str = DEFAULT_DB
    now: datetime | None = None  # the simulated clock, when set
    # Mail: sent over SMTP, or written as .eml files to mail_folder (development).
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_timeout: float = 30.0
    mail_folder: Path | None = None
    mail_from: str = "Improvement Tracker <improvement-tracker@localhost>"
    web_url: str | None = None  # where item links in messages point, when set
    # The scheduler: the daily scan's time (Europe/London) and the council's closures.
    scan_time: time = time(7, 30)
    closures: tuple[date, ...] = ()
    # The web: session cookies only over HTTPS (they are anyway when a request is HTTPS).
    secure_cookies: bool = False
    # Believe the proxy's X-Forwarded-Proto and X-Forwarded-For (only behind one).
    trust_proxy: bool = False
    # A web session ends after this long unused, and this long after signing in.
    session_idle_minutes: PositiveInt = 30
    session_hours: PositiveInt = 8
    # The Ed25519 key that signs checkpoints of the event chain (made on first use, 0600).
    signing_key: Path = Path("var/tracker-signing.key")
    # Spreadsheet imports (CLI and web): the most the reader will take (FileLimits).
    import_max_mb: float = Field(default=5.0, gt=0, le=1024)
    import_max_unpacked_mb: float = Field(default=50.0, gt=0, le=4096)
    import_max_rows: int = Field(default=20_000, ge=1)
    import_max_cell: int = Field(default=32_767, ge=1)
    # The web's PDF board pack is rendered for plans of up to this many items;
    # a bigger plan gets the printable HTML pack instead (a PDF of thousands of
    # items takes a worker half a minute and gigabytes).
    pack_pdf_max_items: int = Field(default=600, ge=1)
    # A plan longer than this gets its PDF pack made in the background (about
    # 15 ms of CPU an item): a "being prepared" page that refreshes meanwhile.
    pack_pdf_background_items: int = Field(default=100, ge=0)

    @classmethod
    def from_env(cls, env: Mapping[str, str], **overrides: str | None) -> Settings:
        """Settings from ``TRACKER_*`` variables; command-line values override."""
        db = overrides.get("db") or env.get("TRACKER_DB") or DEFAULT_DB
        now_text = overrides.get("now") or env.get("TRACKER_NOW")
        values: dict[str, object] = {"db": db, "now": parse_instant(now_text) if now_text else None}
        for name in _FROM_ENV:
            text = env.get(f"TRACKER_{name.upper()}", "").strip()
            if text:
                values[name] = text.split(",") if name == "closures" else text
        try:
            return cls.model_validate(values)
        except ValidationError as error:
            problem = error.errors()[0]
            name = f"TRACKER_{str(problem['loc'][0]).upper()}"
            raise SettingsError(f"setting {name}: {problem['msg']}") from None

    def clock(self) -> Clock:
        return FixedClock(self.now) if self.now else SystemClock()

    def session_policy(self) -> SessionPolicy:
        return SessionPolicy(
            idle=timedelta(minutes=self.session_idle_minutes),
            absolute=timedelta(hours=self.session_hours),
        )

    def file_limits(self) -> FileLimits:
        """The limits a spreadsheet import is read within."""
        return FileLimits(
            max_bytes=int(self.import_max_mb * MB),
            max_uncompressed=int(self.import_max_unpacked_mb * MB),
            max_rows=self.import_max_rows,
            max_cell=self.import_max_cell,
        )

    def eventsourcing_env(self) -> dict[str, str]:
        """The library's own settings for the store named by ``db``."""
        return store_env(self.db)


_FROM_ENV = (
    "smtp_host",
    "smtp_port",
    "smtp_starttls",
    "smtp_user",
    "smtp_password",
    "smtp_timeout",
    "mail_folder",
    "mail_from",
    "web_url",
    "scan_time",
    "closures",
    "secure_cookies",
    "trust_proxy",
    "session_idle_minutes",
    "session_hours",
    "signing_key",
    "import_max_mb",
    "import_max_unpacked_mb",
    "import_max_rows",
    "import_max_cell",
    "pack_pdf_max_items",
    "pack_pdf_background_items",
)


def store_env(url: str) -> dict[str, str]:
    """``sqlite:///path`` or ``postgresql://user[:password]@host[:port]/db[?schema=s]``."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path.removeprefix("/")) if parts.netloc == "" else ""
        if not path:
            raise SettingsError(f"'{url}' names no file: expected sqlite:///path/file.db")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "APPLICATION_RECORDER_TOPIC": "store.chained_store:ChainedSQLiteRecorder",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": "30",
        }
    if parts.scheme in ("postgresql", "postgres"):
        dbname = parts.path.removeprefix("/")
        if not (parts.hostname and dbname):
            raise SettingsError(
                f"'{url}' is incomplete: expected postgresql://user@host:port/dbname"
            )
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": "store.chained_postgres:ChainedPostgresRecorder",
            "POSTGRES_DBNAME": dbname,
            "POSTGRES_HOST": parts.hostname,
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
        }
        schema = parse_qs(parts.query).get("schema")
        if schema:
            env["POSTGRES_SCHEMA"] = schema[0]
        return env
    raise SettingsError(
        f"'{url}' is not a database address: expected sqlite:///path/file.db "
        "or postgresql://user@host:port/dbname"
    )
