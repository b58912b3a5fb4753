import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from almaty.config import env


def test_defaults_give_a_local_instance():
    loaded = env.load({})
    assert loaded.debug is False
    assert loaded.database_url is None
    assert loaded.allowed_hosts == ["127.0.0.1", "localhost"]
    assert loaded.data_dir == env.PROJECT_ROOT / "var"


@pytest.mark.parametrize(
    ("environ", "field", "expected"),
    [
        ({"DEBUG": "yes"}, "debug", True),
        ({"DEBUG": "0"}, "debug", False),
        ({"ALLOWED_HOSTS": "a.org, b.org ,"}, "allowed_hosts", ["a.org", "b.org"]),
        ({"EMAIL_PORT": "2525"}, "email_port", 2525),
        ({"DATABASE_URL": "postgresql://u@h/db"}, "database_url", "postgresql://u@h/db"),
        ({"DATA_DIR": "/tmp/x/../y"}, "data_dir", Path("/tmp/y")),
    ],
)
def test_variables_are_parsed_to_their_types(environ, field, expected):
    assert getattr(env.load(environ), field) == expected


@pytest.mark.parametrize(
    ("name", "value"), [("DEBUG", "perhaps"), ("EMAIL_PORT", "smtp"), ("EMAIL_USE_TLS", "2")]
)
def test_a_bad_value_names_the_variable(name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        env.load({name: value})


def test_every_variable_is_documented():
    names = [name for name, text, _default in env.registry()]
    assert {
        "DATABASE_URL",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATA_DIR",
        "REDIS_URL",
        "EMAIL_HOST",
    } <= set(names)
    assert all(text for _name, text, _default in env.registry())


def _import_settings(
    module: str, extra_env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='{module}'; django.setup(); print('ok')"
    environ = {"PATH": "/usr/bin:/bin", "DATA_DIR": str(tmp_path), **extra_env}
    return subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=60
    )


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = _import_settings("almaty.config.settings.prod", {}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_settings_start_with_a_secret_key(tmp_path):
    result = _import_settings("almaty.config.settings.prod", {"SECRET_KEY": "x" * 60}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_a_local_instance_keeps_its_generated_secret_key(tmp_path):
    first = _import_settings("almaty.config.settings.base", {}, tmp_path)
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    second = _import_settings("almaty.config.settings.base", {}, tmp_path)
    assert second.returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
    assert len(key) >= 50
