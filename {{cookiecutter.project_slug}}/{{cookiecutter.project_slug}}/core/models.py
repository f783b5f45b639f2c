from django.db import models
from django.db.models import Q


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """A side effect to run once, recorded in the transaction of the change that causes it.

    The row commits or rolls back with that change, so a committed change never loses its
    side effect: the relay (core.outbox) delivers it after the commit and again from the
    periodic sweep until the job succeeds, or marks it failed after OUTBOX_MAX_ATTEMPTS.
    """

    job = models.CharField(max_length=200, help_text="Dotted name of the job to run.")
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    available_at = models.DateTimeField(help_text="When the sweep may next pick it up.")
    attempts = models.PositiveIntegerField(default=0)
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="A delivery holds the message until then."
    )
    claim_token = models.CharField(max_length=64, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when every attempt failed; only the admin's retry action revives it.",
    )
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            # The sweep's query: pending messages that are due.
            models.Index(
                fields=["available_at"],
                name="core_outbox_pending_idx",
                condition=Q(delivered_at__isnull=True, failed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.job} #{self.pk}"

    @property
    def state(self):
        if self.delivered_at is not None:
            return "delivered"
        if self.failed_at is not None:
            return "failed"
        return "pending"
