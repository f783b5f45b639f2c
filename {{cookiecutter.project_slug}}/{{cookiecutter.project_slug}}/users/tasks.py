from celery import shared_task

from . import emails


@shared_task
def send_verification_email(user_id):
    emails.send_verification_email(user_id=user_id)
