"""Writing files safely: atomically (a temporary file beside the target, then a
rename) and readable by their owner only, since every output is about
children at risk."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import OutputError

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, data: str | bytes, *, mode: int = 0o600) -> Path:
    """Write ``data`` to ``path`` all at once, with permissions ``mode``.

    Either the whole new content is there or the old file is untouched: the
    data goes to a temporary file in the same folder, is flushed to disk, and
    is renamed over ``path``. Raises :class:`OutputError` when it cannot.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"{target}: cannot be written: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target
