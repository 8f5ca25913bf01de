"""The ``tracker`` command: parse, open the settings (and the tracker or its
store), run the one handler the command names, and turn any refusal into one
line on stderr with an exit status.

Reading commands print a table on a terminal, or one JSON document with
``--json``. A refusal prints ``tracker: error: ...`` on stderr, exits 1 and
records nothing. The grammar is in ``cli_parser``; the application is imported
only once the arguments have parsed, so ``--help`` and usage errors start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from entrypoints.cli_parser import build_parser
from entrypoints.cli_refs import Run, RunOnStore

if TYPE_CHECKING:
    from application.service import Tracker


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Imported here, after parsing: the store's driver and the application are
    # what a command costs, and --help or a usage error need neither.
    from eventsourcing.persistence import PersistenceError
    from rich.console import Console

    from application.import_errors import ImportRejected
    from application.settings import Settings
    from domain.errors import TrackerError
    from entrypoints.bootstrap import bootstrap

    # Piped or redirected output (a file for Outlook or Excel) gets a width that
    # keeps one item per line; a terminal uses its own width.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    handler: Run | RunOnStore = args.handler
    try:
        settings = Settings.from_env(os.environ, db=args.db, now=getattr(args, "now", None))
        args.settings = settings
        if isinstance(handler, RunOnStore):  # commands that open the event store alone
            handler.load()(settings, args, console)
        else:
            app = bootstrap(settings)
            _warn_if_broken(app)
            handler.load()(app, args, console)
    except ImportRejected as error:
        print(f"tracker: error: {error}", file=sys.stderr)
        for problem in error.errors:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except TrackerError as error:
        print(f"tracker: error: {error}", file=sys.stderr)
        return 1
    except PersistenceError as error:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"tracker: error: the database refused the request: {detail}", file=sys.stderr)
        return 2
    except OSError as error:  # a file named on the command line: missing, unreadable ...
        name = str(error.filename or "")[:80] + (
            "..." if len(str(error.filename or "")) > 80 else ""
        )
        print(f"tracker: error: cannot use the file '{name}': {error.strerror}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tracker: interrupted; a change is recorded whole or not at all", file=sys.stderr)
        return 130
    except Exception as error:  # never a traceback: one line, and the kind for a report
        first = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
        print(
            f"tracker: error: unexpected {type(error).__name__}: {first} "
            "(nothing half-done was recorded; please report this)",
            file=sys.stderr,
        )
        return 3
    return 0


def _warn_if_broken(app: Tracker) -> None:
    """While the latest verification found the chain broken, say so first; the
    command still runs (and its changes are chained on after the break)."""
    latest = app.integrity.latest()
    warning = latest.warning() if latest else None
    if warning:
        print(f"tracker: warning: {warning}", file=sys.stderr)


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
