"""How messages are rendered and delivered.

``content`` is what a message says (recorded in the outbox event), ``render``
turns it into an email (jinja2 templates in ``templates/``, an .ics of the
deadlines), ``senders`` deliver it (SMTP, or .eml files in development) and
``relay`` sends what the outbox holds, recording every attempt.
"""
