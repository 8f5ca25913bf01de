"""The service layer: one eventsourcing Application, its settings, clock and storage."""
