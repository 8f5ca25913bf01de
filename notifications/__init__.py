"""How messages are rendered and delivered: not built yet.

See the issue "Scheduler and notifications"; nothing here is used.
"""
