"""The demo plan: a spreadsheet and a timeline replayed through the application."""
