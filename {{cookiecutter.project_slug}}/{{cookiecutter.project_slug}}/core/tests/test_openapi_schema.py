"""The committed openapi.yaml is exactly what the code generates.

After changing the API, regenerate it and commit the result:

    python manage.py spectacular --api-version v1 --file openapi.yaml

The comparison is between parsed documents, so quoting and key order do not matter.
"""

import difflib
from http import HTTPStatus
from io import StringIO

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

SCHEMA_FILE = settings.BASE_DIR / "openapi.yaml"
REGENERATE = "python manage.py spectacular --api-version v1 --file openapi.yaml"


@pytest.fixture(scope="module")
def committed_schema():
    return yaml.safe_load(SCHEMA_FILE.read_text())


def test_schema_generates_without_warnings_and_matches_the_committed_file(committed_schema):
    output = StringIO()
    call_command(
        "spectacular", "--api-version", "v1", "--validate", "--fail-on-warn", stdout=output
    )

    generated = yaml.safe_load(output.getvalue())

    if generated != committed_schema:
        diff = difflib.unified_diff(
            yaml.safe_dump(committed_schema).splitlines(),
            yaml.safe_dump(generated).splitlines(),
            "openapi.yaml",
            "generated",
            lineterm="",
        )
        pytest.fail(f"openapi.yaml is out of date; run `{REGENERATE}`:\n" + "\n".join(diff))


@pytest.mark.django_db
def test_schema_endpoint_serves_the_committed_schema(api_client, committed_schema):
    response = api_client.get("/api/schema/")

    assert response.status_code == HTTPStatus.OK
    assert yaml.safe_load(response.content) == committed_schema
