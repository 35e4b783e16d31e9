"""``python -m kteach.exercises check-solutions [NN ...]``: prove the exercises' own data is right.

Exits 1, listing what failed, when a reference solution does not pass its check or a recorded
mistake is not turned down with its message. Teachers run it after adding an exercise.
"""

from __future__ import annotations

import argparse
import sys

from kteach.exercises.solutions import check_solutions


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run it; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m kteach.exercises", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("check-solutions", help="run every reference solution and recorded mistake")
    command.add_argument("lessons", nargs="*", help="lesson numbers such as 01 (default: all)")
    arguments = parser.parse_args(argv)
    found = check_solutions(arguments.lessons)
    for problem in found:
        print(problem, file=sys.stderr)
    print(f"{'FAILED' if found else 'ok'}: {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
