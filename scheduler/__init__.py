"""When things happen: England's working days (``calendar``), the daily scan that
flags overdue items and queues reminders (``scan``), and the APScheduler service
that runs the scan and the mail relay (``service``)."""
