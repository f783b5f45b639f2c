"""Emails to users."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from {{ cookiecutter.project_slug }}.core.background import job
from {{ cookiecutter.project_slug }}.core.db import write_despite_reconnect
from {{ cookiecutter.project_slug }}.core.mail import send_job_mail

from .models import User
from .tokens import email_verification_url, password_reset_url


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


@job(queue="emails")
def send_password_reset_email(*, user_id):
    """Send the link that sets a new password, after the request that asked for it commits.

    Runs from the outbox, at least once. A second delivery of the same message sends an
    equally good link (with the same Message-ID); using either link changes the password,
    which invalidates both. A user who is gone or inactive gets nothing.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    context = {
        "user": user,
        "reset_url": password_reset_url(user=user),
        "expires_in_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
    }
    subject = render_to_string("users/emails/password_reset_subject.txt", context)
    body = render_to_string("users/emails/password_reset_body.txt", context)
    send_job_mail(subject=" ".join(subject.split()), body=body, to=[user.email])
