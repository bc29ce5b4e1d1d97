"""``contactplan`` and ``python -m contactplan``.

``contactplan --version`` answers before the command line framework is
imported, so that scripts asking for the version pay only for Python itself.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        sys.stdout.write(f"contactplan {__version__}\n")
        return
    from .cli import app

    app(prog_name="contactplan")


if __name__ == "__main__":
    main()
