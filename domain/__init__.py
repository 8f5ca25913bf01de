"""The write model: plans, actions and milestones, their events and rules.

Imports only the standard library, pydantic and ``eventsourcing.domain``;
never reads the clock (every command is given the instant ``at``).
"""
