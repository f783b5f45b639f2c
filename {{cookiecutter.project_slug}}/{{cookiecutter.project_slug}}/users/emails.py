"""Emails to users."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import User
from .tokens import email_verification_url


def send_verification_email(*, user_id):
    """Send a new user the link that activates their account, at most once.

    It runs after the registration commits, possibly from a retried or redelivered task, so
    it is idempotent: the user's row is locked while the email is sent and the send is
    recorded, so a second run finds it done. A user who is gone or already active gets
    nothing.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None or user.is_active or user.verification_email_sent_at is not None:
            return
        context = {
            "user": user,
            "verification_url": email_verification_url(user=user),
            "expires_in_hours": round(settings.EMAIL_VERIFICATION_MAX_AGE.total_seconds() / 3600),
        }
        subject = render_to_string("users/emails/verify_email_subject.txt", context)
        body = render_to_string("users/emails/verify_email_body.txt", context)
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])
        user.verification_email_sent_at = timezone.now()
        user.save(update_fields=["verification_email_sent_at"])
