"""The one exception of the sending package."""

from __future__ import annotations

from ..errors import ContactplanError


class SendError(ContactplanError):
    """Invitations or events that could not be sent or published: a server
    that can't be reached or refuses, a wrong password, a bad setting. The
    message never holds a password."""


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every secret given replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
