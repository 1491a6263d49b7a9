"""Bad command lines are one line on stderr and exit status 2, before anything is computed
(in-process: a parse error raises SystemExit(2) from `parse_args`, so nothing ran)."""

from __future__ import annotations

import json
import socket

import pytest

from trainscape.cli.main import main


def refused(capsys, *argv: str) -> str:
    """The one stderr line of a command line refused with exit status 2."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.endswith("\n") and err.count("\n") == 1, err
    return err.strip()


def test_a_syntax_error_is_one_line_without_the_usage_block(capsys):
    err = refused(capsys, "render", "tanh-quick", "--window", "0", "1", "2", "-o", "x.png")
    assert err == (
        "trainscape render: error: argument --window: expected 4 arguments "
        "(see trainscape render --help)"
    )
    assert refused(capsys) == (
        "trainscape: error: the following arguments are required: COMMAND (see trainscape --help)"
    )
    assert "invalid choice: 'rendr'" in refused(capsys, "rendr")


@pytest.fixture
def no_server(monkeypatch):
    """`uvicorn.run` fails the test at once instead of serving (and hanging) when a bad address
    gets through."""
    import uvicorn

    def run(*args, **kwargs):
        raise AssertionError(f"serve started with {kwargs}")

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.delenv("TRAINSCAPE_REDIS_URL", raising=False)


@pytest.mark.parametrize("port", ["0", "65536", "99999", "-1", "80a"])
def test_serve_refuses_ports_outside_1_to_65535(capsys, no_server, port):
    err = refused(capsys, "serve", "--port", port)
    assert err.startswith("trainscape serve: error: argument --port: ")
    assert "allowed 1..65535" in err or "not an integer" in err


def test_serve_refuses_an_address_it_cannot_listen_on(capsys, no_server):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        err = refused(capsys, "serve", "--host", "127.0.0.1", "--port", port)
    assert err.startswith(f"trainscape serve: error: cannot listen on 127.0.0.1:{port}: ")
    err = refused(capsys, "serve", "--host", "no-such-host.invalid")
    assert err.startswith("trainscape serve: error: cannot listen on no-such-host.invalid:8000")


def _outputs(tmp_path):
    """Each command's output options, with a file name of the right kind in tmp_path."""
    window = ("--window", "0", "1", "0", "1")
    return {
        "tile": (["tile", "tanh-quick@5", "0", "0", "0", "-o"], ".npy"),
        "render": (
            ["render", "tanh-quick@5", *window, "--npy", str(tmp_path / "a.npy"), "-o"],
            ".png",
        ),
        "render --npy": (
            ["render", "tanh-quick@5", *window, "-o", str(tmp_path / "a.png"), "--npy"],
            ".npy",
        ),
        "video": (["video", "tanh-quick@5", "--to", "0", "1", "0", "1", "-o"], ".gif"),
    }


@pytest.mark.parametrize("command", ["tile", "render", "render --npy", "video"])
def test_unwritable_outputs_are_refused_before_computing(capsys, tmp_path, command):
    argv, suffix = _outputs(tmp_path)[command]
    missing = str(tmp_path / "no" / "dir" / f"x{suffix}")
    err = refused(capsys, *argv, missing)
    assert f"cannot write {missing!r}: " in err and "does not exist" in err
    folder = tmp_path / f"d{suffix}"
    folder.mkdir()
    assert f"{str(folder)!r} is a directory" in refused(capsys, *argv, str(folder))
    file = tmp_path / "f"
    file.write_text("")
    err = refused(capsys, *argv, str(file / f"x{suffix}"))
    assert "is not a directory" in err


@pytest.mark.parametrize(
    "command,name,allowed",
    [
        ("render", "x.jpg", ".png"),
        ("render", "x", ".png"),
        ("render --npy", "x.npz", ".npy"),
        ("tile", "x.png", ".npy"),
        ("tile", "x", ".npy"),
        ("video", "x.avi", ".mp4 or .gif"),
    ],
)
def test_outputs_must_be_named_for_what_is_written(capsys, tmp_path, command, name, allowed):
    argv, _ = _outputs(tmp_path)[command]
    err = refused(capsys, *argv, str(tmp_path / name))
    assert f"must end in {allowed} (the format written)" in err


@pytest.mark.parametrize("value", ["0", "-5", "65"])
def test_dimension_min_box_has_the_apis_bounds(capsys, value):
    err = refused(capsys, "dimension", "tanh-quick@5", "--min-box", value)
    assert err.startswith("trainscape dimension: error: argument --min-box: ")
    assert err.endswith("allowed 1..64 (see trainscape dimension --help)")


@pytest.mark.parametrize("value", ["foo", "nan", "inf"])
def test_dimension_level_says_what_is_allowed(capsys, value):
    err = refused(capsys, "dimension", "tanh-quick@5", "--level", value)
    assert f"{value!r} is not 'sign', 'median' or a finite number" in err


def test_point_refuses_coordinates_outside_the_plane_as_the_api_does(capsys):
    err = refused(capsys, "point", "tanh-quick@5", "--x", "6.5", "--y", "0")
    assert err == "trainscape point: error: --x: must lie in the plane's log10 range [-3, 6]"


@pytest.mark.parametrize("x", ["1_0", " 1", "1 ", ".5"])
def test_point_takes_plain_decimal_strings_only(capsys, x):
    err = refused(capsys, "point", "tanh-quick@5", "--x", x, "--y", "1")
    assert err.startswith(f"trainscape point: error: --x: {x!r} is not a decimal number; ")


def test_point_refuses_step_counts_with_leading_zeros(capsys):
    err = refused(capsys, "point", "tanh-quick@05", "--x", "0", "--y", "0")
    assert err.endswith("write tanh-quick@5")


def test_point_echoes_the_canonical_coordinates_and_id(capsys):
    assert (
        main(["point", "tanh-quick@5", "--x", "-1.50", "--y", "2e-1", "--steps", "3", "--json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["experiment"] == "tanh-quick@3" and len(out["losses"]) == 3
    assert out["x"]["log10"] == "-1.5" and out["y"]["log10"] == "0.2"
