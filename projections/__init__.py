"""Read models: what boards, officers and inspectors see, derived from events."""
