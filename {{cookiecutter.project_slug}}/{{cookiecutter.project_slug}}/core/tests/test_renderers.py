"""The orjson renderer writes exactly what DRF's JSONRenderer writes."""

import datetime
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from {{ cookiecutter.project_slug }}.core.renderers import ORJSONRenderer

MOMENT = datetime.datetime(2025, 3, 1, 12, 30, 5, 123456, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "data",
    [
        {"next": None, "results": [{"id": 1, "total": "12.50", "is_active": True}]},
        {"utc": MOMENT, "berlin": MOMENT.astimezone(ZoneInfo("Europe/Berlin"))},
        {"whole_second": MOMENT.replace(microsecond=0), "day": MOMENT.date()},
        {"decimal": Decimal("3.10"), "uuid": uuid.UUID(int=7), "float": 0.1},
        {"lazy": gettext_lazy("Not found."), "duration": datetime.timedelta(minutes=90)},
        {"unicode": "Grüße, 東京 ✓", "separators": "a\u2028b\u2029c", "quote": '"\\'},
        {1: "integer keys", "nested": {"list": [1, 2.5, None, [False]]}},
        {"big": 2**70},
        ["a list", ("of", "tuples")],
    ],
)
def test_renders_the_same_bytes_as_drf(data):
    assert ORJSONRenderer().render(data) == JSONRenderer().render(data)


def test_renders_nothing_for_no_data():
    assert ORJSONRenderer().render(None) == b""


def test_indented_output_when_the_client_asks_for_it():
    rendered = ORJSONRenderer().render({"id": 1}, "application/json; indent=2")

    assert rendered == b'{\n  "id": 1\n}'
