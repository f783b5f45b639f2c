from datetime import timedelta

from django.core.management.base import BaseCommand

from {{ cookiecutter.project_slug }}.orders.services import expire_pending_orders


class Command(BaseCommand):
    help = "Cancel and restock orders left pending too long (run it from cron or a scheduler)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            help="Age in minutes after which a pending order expires (default: ORDER_PENDING_TTL).",
        )

    def handle(self, *args, minutes=None, **options):
        older_than = None if minutes is None else timedelta(minutes=minutes)
        expired = expire_pending_orders(older_than=older_than)
        self.stdout.write(f"Expired {expired} pending order(s).")
