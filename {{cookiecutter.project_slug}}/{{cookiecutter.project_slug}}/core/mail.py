"""Sending mail from a background job."""

from django.conf import settings
from django.core.mail import EmailMessage

from .outbox import message_id_header


def send_job_mail(*, subject, body, to):
    """Send one plain-text mail. Within an outbox delivery its Message-ID is the message's,
    so a mail sent twice (see the README's delivery guarantee) is recognisably the same."""
    sender = settings.DEFAULT_FROM_EMAIL
    domain = sender.rpartition("@")[2] or "localhost"
    EmailMessage(
        subject=subject,
        body=body,
        from_email=sender,
        to=to,
        headers=message_id_header(domain=domain),
    ).send()
