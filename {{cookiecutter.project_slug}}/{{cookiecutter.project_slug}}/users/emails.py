"""Emails to users."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from {{ cookiecutter.project_slug }}.core.background import job
from {{ cookiecutter.project_slug }}.core.db import write_despite_reconnect
from {{ cookiecutter.project_slug }}.core.mail import send_job_mail

from .models import User
from .tokens import email_verification_url


@job(queue="emails")
def send_verification_email(*, user_id):
    """Send a new user the link that activates their account, at most once per request.

    It runs after the registration (or a resend) commits, from the outbox, so it is
    idempotent: the send is recorded with a conditional update and a second run finds it
    done. No lock is held while the mail server is talked to. A user who is gone or already
    active gets nothing.
    """
    user = User.objects.filter(pk=user_id).first()
    if user is None or user.is_active or user.verification_email_sent_at is not None:
        return
    context = {
        "user": user,
        "verification_url": email_verification_url(user=user),
        "expires_in_hours": round(settings.EMAIL_VERIFICATION_MAX_AGE.total_seconds() / 3600),
    }
    subject = render_to_string("users/emails/verify_email_subject.txt", context)
    body = render_to_string("users/emails/verify_email_body.txt", context)
    send_job_mail(subject=" ".join(subject.split()), body=body, to=[user.email])
    write_despite_reconnect(
        lambda: User.objects.filter(pk=user.pk, verification_email_sent_at__isnull=True).update(
            verification_email_sent_at=timezone.now()
        )
    )
