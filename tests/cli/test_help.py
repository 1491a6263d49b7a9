"""`trainscape --help` and every `trainscape COMMAND --help` explain every argument; serve and
worker list the environment variables they read."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest
from tests.cli.conftest import ROOT, run_cli

from trainscape.cli.main import build_parser
from trainscape.cli.settings_help import ENGINE, WORKER_FIELDS
from trainscape.settings import Settings


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"": parser, **sub.choices}


def _help(capsys, monkeypatch, *argv: str) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args([*argv, "--help"])
    assert stop.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", list(_commands()))
def test_every_argument_has_a_help_text(command):
    parser = _commands()[command]
    missing = [
        a.dest
        for a in parser._actions
        if not isinstance(a, argparse._HelpAction) and not (a.help or "").strip()
    ]
    assert not missing, f"trainscape {command}: no help for {missing}"


@pytest.mark.parametrize("command", list(_commands()))
def test_help_fits_80_columns(capsys, monkeypatch, command):
    out = _help(capsys, monkeypatch, *([command] if command else []))
    assert max(len(line) for line in out.splitlines()) <= 80, out


def test_serve_help_lists_every_setting_and_what_an_unset_redis_url_means(capsys, monkeypatch):
    out = " ".join(_help(capsys, monkeypatch, "serve").split())  # unwrapped
    for name in Settings.model_fields:
        assert f"TRAINSCAPE_{name.upper()}:" in out
    assert all(f"{var}:" in out for var in ENGINE)
    assert "TRAINSCAPE_REDIS_URL: the queue Redis" in out
    assert "Unset (the default): embedded mode, one process, no Redis" in out


def test_worker_help_lists_its_settings_and_that_redis_url_is_required(capsys, monkeypatch):
    out = " ".join(_help(capsys, monkeypatch, "worker").split())
    for name in WORKER_FIELDS:
        assert f"TRAINSCAPE_{name.upper()}:" in out
    assert "TRAINSCAPE_CACHE_MEMORY_MB" not in out  # embedded-only settings are serve's
    assert "TRAINSCAPE_REDIS_URL: required" in out
    assert "Unset: the worker exits at once with status 2" in out


def test_a_plain_run_does_not_build_the_settings_help():
    """The list is built when help is printed: parsing imports no pydantic-settings."""
    code = (
        "import sys; from trainscape.cli.main import build_parser; "
        "build_parser().parse_args(['worker']); "
        "assert 'pydantic_settings' not in sys.modules, 'imported'"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "server")}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr


def test_help_of_the_installed_command_names_the_redis_url():
    r = run_cli("worker", "--help", timeout=60)
    assert r.returncode == 0 and "TRAINSCAPE_REDIS_URL" in r.stdout
