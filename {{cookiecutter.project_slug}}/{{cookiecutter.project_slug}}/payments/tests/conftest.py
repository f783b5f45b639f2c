import pytest

from .webhook import SECRET


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.PAYMENT_WEBHOOK_SECRET = SECRET
    settings.CURRENCY = "EUR"
