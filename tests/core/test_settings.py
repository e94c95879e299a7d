"""Settings: safe defaults, production checks, and what happens when things are missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEBUG", "COASSESS_", "SECRET_KEY"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "coassess.config.settings",
            "COASSESS_ENVIRONMENT": "production",
            "SECRET_KEY": "x" * 20
            + "a-long-random-production-secret-key-for-the-check-only",
            "ALLOWED_HOSTS": "coassess.example.nhs.uk",
            "COASSESS_DATA_DIR": str(ROOT / "var"),
        }
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coassess.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_deploy_check_passes_with_production_settings() -> None:
    result = run(["check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stderr


def test_the_deploy_check_fails_when_debug_is_on_outside_production() -> None:
    """The check is real: the same command fails on insecure settings."""
    env = production_env(COASSESS_ENVIRONMENT="development", DEBUG="true")
    result = run(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr or "W018" in result.stderr


def test_production_needs_a_secret_key() -> None:
    env = production_env()
    del env["SECRET_KEY"]
    result = run(["check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug() -> None:
    result = run(["check"], production_env(DEBUG="true"))
    assert result.returncode != 0
    assert "DEBUG cannot be on" in result.stderr


def test_production_refuses_a_demo_totp_secret() -> None:
    """A secret everyone can read in the code is no second factor."""
    env = production_env(COASSESS_DEMO_TOTP_SECRET="COASSESSDEMOSECRETNOTFORREALUSE2")
    result = run(["check"], env)
    assert result.returncode != 0
    assert "COASSESS_DEMO_TOTP_SECRET is for the demo only" in result.stderr


def test_production_has_no_demo_totp_secret() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(repr(settings.DEMO_TOTP_SECRET))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == "''"
    result = run(["democode"], production_env())
    assert result.returncode != 0
    assert "no demo sign-in code in production" in result.stderr


def test_a_bad_boolean_is_named() -> None:
    result = run(["check"], production_env(DEBUG="maybe"))
    assert "DEBUG must be true or false" in result.stderr


def test_debug_is_off_unless_asked() -> None:
    from django.conf import settings

    if os.environ.get("DEBUG") is None:
        assert settings.DEBUG is False


def test_passwords_are_hashed_with_argon2() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.PASSWORD_HASHERS[0])"
    )
    env = production_env()
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-folder/coassess.sqlite3",
        "postgres://nobody@127.0.0.1:9/none",
    ],
)
def test_an_unreachable_database_gives_a_plain_503(url: str) -> None:
    code = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='127.0.0.1', raise_request_exception=False); c.cookies['sessionid'] = 'a' * 32; "
        "r = c.get('/people/'); "
        "print(r.status_code); print(r.content.decode())"
    )
    env = {
        **production_env(),
        "COASSESS_ENVIRONMENT": "development",
        "DATABASE_URL": url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    status, _, body = result.stdout.partition("\n")
    assert status == "503"
    assert "not working right now" in body
    assert "Traceback" not in body
    assert "Database unavailable" in result.stderr
