from django.core.management.base import BaseCommand

from {{ cookiecutter.project_slug }}.core import outbox

BATCH = 500


class Command(BaseCommand):
    help = (
        "Deliver every due outbox message in this process (run it from cron, e.g. every "
        "minute, where no Celery beat sweeps the outbox)."
    )

    def handle(self, *args, **options):
        delivered = failed = 0
        seen = set()
        while ids := [pk for pk in outbox.due_message_ids(limit=BATCH) if pk not in seen]:
            seen.update(ids)
            for message_id in ids:
                succeeded = outbox.deliver(message_id, claim_token=outbox.new_claim_token())
                delivered += succeeded is True
                failed += succeeded is False
        self.stdout.write(f"Delivered {delivered} outbox message(s), {failed} failed.")
