"""The optional extras (``pip install 'contactplan[NAME]'``): which module
comes with which extra, and the one error that says what to install.

``pip install contactplan`` installs only what the command line needs. The
rest comes with an extra (``pyproject.toml``'s optional dependencies), and a
command that needs a missing one says so in one line, with exit status 2 and
no traceback, whichever command it is and wherever the import happens:

- the library raises :class:`~contactplan.errors.MissingExtraError` from
  :func:`needed` around the imports it makes on purpose;
- the command line's one error handler (:func:`contactplan.cli.command`)
  turns any other :class:`ImportError` of a module listed here into the same
  error (:func:`missing`), so that no import, however deep, is forgotten.

An :class:`ImportError` of a module that is not listed here is a defect,
and is left as it is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from .errors import MissingExtraError

__all__ = ["EXTRAS", "MODULES", "missing", "needed"]

#: What each extra is for, in the words of its message.
EXTRAS: dict[str, str] = {
    "caldav": "publishing to a CalDAV calendar",
    "pdf": "writing letters as PDF",
    "postgres": "a PostgreSQL store",
    "web": "the web page (serve, and users for its accounts)",
}

#: The top-level module of each package an extra installs (and of the
#: packages those depend on that a missing install can leave out), by extra.
MODULES: dict[str, str] = {
    "caldav": "caldav",
    "weasyprint": "pdf",
    "pydyf": "pdf",
    "tinycss2": "pdf",
    "tinyhtml5": "pdf",
    "cssselect2": "pdf",
    "fontTools": "pdf",
    "psycopg": "postgres",
    "psycopg_binary": "postgres",
    "flask": "web",
    "flask_wtf": "web",
    "wtforms": "web",
    "waitress": "web",
    "argon2": "web",
    "werkzeug": "web",
    "jinja2": "web",
}


def missing(error: ImportError) -> MissingExtraError | None:
    """The extra to install for ``error`` (an import that failed), or None
    when the module is not one an extra brings."""
    name = (error.name or "").split(".")[0]
    extra = MODULES.get(name)
    if extra is None:
        return None
    return MissingExtraError(extra, EXTRAS[extra], name)


@contextlib.contextmanager
def needed(extra: str) -> Iterator[None]:
    """Imports in this block come with ``extra``: a missing one raises
    :class:`MissingExtraError` naming ``extra``."""
    try:
        yield
    except ImportError as exc:
        raise MissingExtraError(extra, EXTRAS[extra], (exc.name or "").split(".")[0] or None) from None
