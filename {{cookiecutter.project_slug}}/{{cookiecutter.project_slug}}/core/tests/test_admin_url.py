import pytest
from django.core.exceptions import ImproperlyConfigured

from {{ cookiecutter.project_slug }}.users.tests.test_settings import load_base_settings


@pytest.mark.parametrize("value", ["/admin/", "admin", "/"])
def test_an_admin_url_without_one_trailing_slash_stops_start_up(monkeypatch, value):
    monkeypatch.setenv("ADMIN_URL", value)

    with pytest.raises(ImproperlyConfigured, match="ADMIN_URL"):
        load_base_settings()


def test_the_admin_url_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMIN_URL", "back-office/")

    assert load_base_settings().ADMIN_URL == "back-office/"
