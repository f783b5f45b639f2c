"""The rendered LICENSE and the license declared in the rendered pyproject.toml."""

import hashlib
import tomllib
from datetime import UTC, datetime

import pytest
from packaging.licenses import canonicalize_license_expression

from harness.rendering import PROJECT_TEMPLATE, render_file
from harness.variants import CHOICE_PROMPTS

LICENSES = CHOICE_PROMPTS["open_source_license"]
AUTHOR = "Ada Lovelace"

# license -> (the copyright line of its standard text, sha256 of that standard text).
# The texts are choosealicense.com's; the Apache digest is that of the file apache.org
# publishes, so a stray edit anywhere in the 11 kB shows up here.
STANDARD_TEXTS = {
    "MIT": (
        "Copyright (c) [year] [fullname]",
        "002c2696d92b5c8cf956c11072baa58eaf9f6ade995c031ea635c6a1ee342ad1",
    ),
    "BSD-3-Clause": (
        "Copyright (c) [year], [fullname]",
        "f24d1328dbfffe7bf66aa877957db75e60629358357d8c366ccab616fef487ab",
    ),
    "Apache-2.0": (
        "   Copyright [yyyy] [name of copyright owner]",
        "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30",
    ),
}


def _render(name, license_id):
    return render_file(
        name, {"open_source_license": license_id, "author_name": AUTHOR}, root=PROJECT_TEMPLATE
    )


def _copyright_lines(text):
    year = str(datetime.now(UTC).year)
    lines = text.splitlines()
    return [index for index, line in enumerate(lines) if year in line and AUTHOR in line]


def test_every_license_choice_has_a_standard_text_or_is_proprietary():
    assert set(LICENSES) == {*STANDARD_TEXTS, "Proprietary"}


@pytest.mark.parametrize("license_id", LICENSES)
def test_license_names_the_author_and_the_year(license_id):
    assert len(_copyright_lines(_render("LICENSE", license_id))) == 1


@pytest.mark.parametrize("license_id", list(STANDARD_TEXTS))
def test_license_is_the_full_standard_text(license_id):
    notice, digest = STANDARD_TEXTS[license_id]
    lines = _render("LICENSE", license_id).splitlines(keepends=True)
    [index] = _copyright_lines("".join(lines))
    lines[index] = f"{notice}\n"

    assert hashlib.sha256("".join(lines).encode()).hexdigest() == digest


def test_proprietary_license_reserves_all_rights():
    text = _render("LICENSE", "Proprietary")

    assert "All rights reserved." in text
    assert "Permission is hereby granted" not in text


@pytest.mark.parametrize("license_id", LICENSES)
def test_pyproject_declares_the_license_as_an_spdx_expression(license_id):
    project = tomllib.loads(_render("pyproject.toml", license_id))["project"]
    expected = "LicenseRef-Proprietary" if license_id == "Proprietary" else license_id

    assert project["license"] == canonicalize_license_expression(expected) == expected
    assert project["license-files"] == ["LICENSE"]
