"""Thin adapters over the application: the composition root and the CLI."""
