"""`trainscape serve` / `trainscape worker`: user errors are one line and exit status 2."""

from __future__ import annotations

import pytest

from trainscape.cli.main import main


def test_worker_needs_a_redis_url(monkeypatch, capsys):
    monkeypatch.delenv("TRAINSCAPE_REDIS_URL", raising=False)
    assert main(["worker"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "TRAINSCAPE_REDIS_URL" in err


def test_bad_setting_is_reported_by_name(monkeypatch, capsys):
    monkeypatch.setenv("TRAINSCAPE_PREVIEW_SIZE", "3")
    assert main(["serve", "--port", "1"]) == 2
    assert "TRAINSCAPE_PREVIEW_SIZE" in capsys.readouterr().err


def test_serve_help_lists_host_and_port(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    assert "--host" in out and "--port" in out
