"""contactplan: language needs, interpreters, translated letters and calendar
entries for child-protection contact plans.

The library never prints and never exits: it raises the exceptions in
:mod:`contactplan.errors`, and the command line turns them into messages.

    >>> from contactplan import load_case
    >>> case = load_case("examples/nowak-family-good.yaml")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["CaseFileError", "ContactplanError", "__version__", "load_case", "needs_for"]

if TYPE_CHECKING:
    from .casefile import load_case
    from .errors import CaseFileError, ContactplanError
    from .languages import needs_for


def __getattr__(name: str) -> Any:
    # Lazy: `contactplan --version` must not pay for the YAML reader or langcodes.
    if name == "load_case":
        from .casefile import load_case

        return load_case
    if name in ("CaseFileError", "ContactplanError"):
        from . import errors

        return getattr(errors, name)
    if name == "needs_for":
        from .languages import needs_for

        return needs_for
    raise AttributeError(name)
