from django.db import models


class Payment(models.Model):
    """A payment the provider confirmed: one row per provider event, so a replay is a no-op."""

    provider_event_id = models.CharField(max_length=255, unique=True)
    # Orders are the sales ledger and their payments are part of it.
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    currency = models.CharField(max_length=3)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-received_at", "-id")

    def __str__(self):
        return f"{self.amount} {self.currency} for order {self.order_id}"
