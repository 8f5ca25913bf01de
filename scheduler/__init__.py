"""When reminders and overdue scans run (APScheduler): not built yet.

See the issue "Scheduler and notifications"; nothing here is used.
"""
