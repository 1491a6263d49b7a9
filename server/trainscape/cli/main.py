"""`trainscape` command line: one sub-command module per concern, wired here."""

from __future__ import annotations

import argparse
import sys

from trainscape.cli import analysis_cmds, engine_cmds, server_cmds
from trainscape.cli.common import CliError, Parser


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="trainscape",
        description="Explore the fractal boundary of neural-network trainability.",
    )
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        metavar="COMMAND",
        help="one of these (trainscape COMMAND --help for its arguments):",
    )
    for module in (server_cmds, engine_cmds, analysis_cmds):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        from trainscape.compute.backend import init  # loads JAX: after --help
        from trainscape.compute.runner import check_environment

        check_environment()
        init()  # float64, one device per CPU core, before the first computation
    except ValueError as exc:
        print(f"trainscape {args.command}: error: {exc}", file=sys.stderr)
        return 2
    try:
        return int(args.run(args) or 0)
    except CliError as exc:
        print(f"trainscape {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
