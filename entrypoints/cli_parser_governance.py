"""The grammar of the governance commands: a plan's settings (its chair's),
approving and rejecting requests, and an owner's latest position. The handlers
are in ``cli_governance``."""

from __future__ import annotations

from entrypoints.cli_refs import Command, Run, plan_argument

_GOVERNANCE = "entrypoints.cli_governance:"
_ON_OFF = ("on", "off")


def add_commands(command: Command) -> None:
    p = command(
        "governance",
        Run(_GOVERNANCE + "cmd_governance"),
        "a plan's governance settings (all start off): with no option, print them; "
        "a chair turns them on or off",
        "tracker governance laming-2009 --approvals on --four-eyes on --by board-chair",
    )
    p.add_argument("plan", type=plan_argument)
    for name, help in [
        ("approvals", "deadline revisions, deferrals and withdrawals need a chair's approval"),
        ("four-eyes", "whoever completed an item or gave its only evidence cannot sign it off"),
        ("reasons-for-risk", "moving to at risk or off track needs a reason (the mitigation)"),
    ]:
        p.add_argument(f"--{name}", choices=_ON_OFF, help=help)
    p.add_argument("--by", help="your staff key (a chair's, to change a setting)")
    p.add_argument("--json", action="store_true")

    for name, help, example in [
        (
            "approve",
            "approve the request waiting on an item (a chair's act): the change takes effect",
            "tracker approve laming-2009 11 --by board-chair",
        ),
        (
            "reject",
            "reject the request waiting on an item (a chair's act; a reason is required)",
            "tracker reject laming-2009 11 --by board-chair --reason 'Keep the March date'",
        ),
    ]:
        p = command(name, Run(_GOVERNANCE + f"cmd_{name}"), help, example)
        p.add_argument("plan", type=plan_argument)
        p.add_argument("ref")
        p.add_argument("--by", required=True, help="your staff key (a chair's)")
        if name == "reject":
            p.add_argument("--reason", required=True, help="why (kept in the item's history)")

    p = command(
        "position",
        Run(_GOVERNANCE + "cmd_position"),
        "record an item's latest position (the owner's update for the board)",
        "tracker position laming-2009 11 --by hos-cf --position 'Draft agreed with partners' "
        "--mitigation 'Agency cover' --next-steps 'Publish in March' --percent 60",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("ref")
    p.add_argument("--by", required=True, help="your staff key")
    p.add_argument("--position", required=True, help="where the item stands")
    p.add_argument("--mitigation", help="what is being done about any risk")
    p.add_argument("--next-steps", help="what happens next")
    p.add_argument("--percent", help="how complete, a whole number from 0 to 100")
