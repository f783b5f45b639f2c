"""The committed schemas are exactly what the code generates, one file per API version.

After changing the API, regenerate them and commit the result:

    python manage.py spectacular --api-version v1 --file openapi.yaml
    python manage.py spectacular --api-version v2 --file openapi-v2.yaml

The comparison is between parsed documents, so quoting and key order do not matter.
"""

import difflib
from http import HTTPStatus
from io import StringIO

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

# version -> (committed file, where it is served)
SCHEMAS = {
    "v1": ("openapi.yaml", "/api/schema/"),
    "v2": ("openapi-v2.yaml", "/api/schema/v2/"),
}


def committed_schema(version):
    filename, _ = SCHEMAS[version]
    return yaml.safe_load((settings.BASE_DIR / filename).read_text())


def test_every_allowed_version_has_a_committed_schema():
    assert set(SCHEMAS) == set(settings.REST_FRAMEWORK["ALLOWED_VERSIONS"])


@pytest.mark.parametrize("version", SCHEMAS)
def test_schema_generates_without_warnings_and_matches_the_committed_file(version):
    filename, _ = SCHEMAS[version]
    output = StringIO()
    call_command(
        "spectacular", "--api-version", version, "--validate", "--fail-on-warn", stdout=output
    )

    generated = yaml.safe_load(output.getvalue())

    committed = committed_schema(version)
    if generated != committed:
        diff = difflib.unified_diff(
            yaml.safe_dump(committed).splitlines(),
            yaml.safe_dump(generated).splitlines(),
            filename,
            "generated",
            lineterm="",
        )
        regenerate = f"python manage.py spectacular --api-version {version} --file {filename}"
        pytest.fail(f"{filename} is out of date; run `{regenerate}`:\n" + "\n".join(diff))


@pytest.mark.django_db
@pytest.mark.parametrize("version", SCHEMAS)
def test_schema_endpoint_serves_the_committed_schema(api_client, version):
    _, url = SCHEMAS[version]
    response = api_client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert yaml.safe_load(response.content) == committed_schema(version)
