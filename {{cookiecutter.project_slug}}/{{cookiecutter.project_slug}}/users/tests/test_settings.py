"""The settings this app depends on, loaded afresh from the environment."""

import importlib.util
import os

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def load_base_settings():
    path = settings.BASE_DIR / "config" / "settings" / "base.py"
    spec = importlib.util.spec_from_file_location("fresh_base_settings", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("JWT_ACCESS_TOKEN_MINUTES", "4"),
        ("JWT_ACCESS_TOKEN_MINUTES", "60"),
        ("JWT_REFRESH_TOKEN_DAYS", "0"),
        ("JWT_REFRESH_TOKEN_DAYS", "30"),
    ],
)
def test_token_lifetimes_out_of_range_stop_start_up(monkeypatch, name, value):
    monkeypatch.setenv(name, value)

    with pytest.raises(ImproperlyConfigured, match=name):
        load_base_settings()


def test_token_lifetimes_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("JWT_ACCESS_TOKEN_MINUTES", "15")
    monkeypatch.setenv("JWT_REFRESH_TOKEN_DAYS", "1")

    jwt = load_base_settings().SIMPLE_JWT

    assert jwt["ACCESS_TOKEN_LIFETIME"].total_seconds() == 15 * 60
    assert jwt["REFRESH_TOKEN_LIFETIME"].days == 1


def test_filemail_url_keeps_an_absolute_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("EMAIL_URL", f"filemail://{tmp_path}")

    base = load_base_settings()

    assert base.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend"
    assert os.path.abspath(base.EMAIL_FILE_PATH) == str(tmp_path)
