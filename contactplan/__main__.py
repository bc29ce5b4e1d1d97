"""``contactplan`` and ``python -m contactplan``.

``contactplan --version`` answers before the command line framework is
imported, so that scripts asking for the version pay only for Python itself.
Other commands import only what they need (:func:`contactplan.cli.main`).

A run stopped by SIGTERM or SIGHUP (a closed terminal, a job scheduler)
exits the way Ctrl-C does, through Python's clean-up: a file being written
is left as it was, and its temporary file is removed. Ctrl-C ends with one
line, not a traceback.
"""

from __future__ import annotations

import sys


class _Stopped(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C (every ``finally`` runs), and
    is caught by nothing but :func:`main`."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def _msgspec_without_typing_extensions() -> None:
    """Import msgspec the way it is imported where ``typing_extensions`` is not
    installed: it then takes ``get_type_hints``, ``Required`` and
    ``NotRequired`` from :mod:`typing`, which has them all since Python 3.11,
    instead of importing ``typing_extensions`` (20 ms, a tenth of a one-file
    ``check``) for them. Later imports of ``typing_extensions`` are not affected."""
    if sys.version_info < (3, 11) or "msgspec" in sys.modules or "typing_extensions" in sys.modules:
        return
    sys.modules["typing_extensions"] = None  # type: ignore[assignment]  # "not installed", for this import
    try:
        import msgspec._utils  # noqa: F401
    except ImportError:  # pragma: no cover - msgspec missing: the command says so
        pass
    finally:
        del sys.modules["typing_extensions"]


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        sys.stdout.write(f"contactplan {__version__}\n")
        return
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)
    _msgspec_without_typing_extensions()
    try:
        from .cli import main as run

        run()
    except _Stopped as stopped:
        sys.stderr.write(f"contactplan: stopped (signal {stopped.signum}): nothing was written half-way\n")
        raise SystemExit(128 + stopped.signum) from None
    except KeyboardInterrupt:
        sys.stderr.write("contactplan: interrupted: nothing was written half-way\n")
        raise SystemExit(130) from None
    except BrokenPipeError:
        # whatever read the output stopped reading (`| head`): nothing more to say
        _quiet_stdout()
        raise SystemExit(2) from None
    except OSError as exc:  # writing to standard output or error: a full disk, a closed terminal
        _quiet_stdout()
        from .files import describe_os_error

        where = f"{exc.filename}" if exc.filename else "standard output"
        sys.stderr.write(f"contactplan: error: {where}: {describe_os_error(exc)}\n")
        raise SystemExit(2) from None


def _quiet_stdout() -> None:
    """Standard output can't take more: send what Python would still flush to it nowhere."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
