"""Keeping work linear in the size of a case.

Reading and checking a case build and consult tens of thousands of small
objects that live until the end: the cyclic garbage collector would scan
them again and again as more are made (half the time of checking a case of
8,000 members, growing faster than the case). They hold no reference cycles,
so the collector waits until the work is done (:func:`gc_paused`).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for the block (reference counting
    still frees everything that is dropped), and resumed after it if it ran before."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
