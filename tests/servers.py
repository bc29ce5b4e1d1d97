"""Real servers on 127.0.0.1 for the sending tests, started and stopped by the tests.

* :class:`SmtpServer`: aiosmtpd in a thread of the test process (stopped by
  its handle), keeping every message it accepts; it can require STARTTLS or
  implicit TLS with a self-signed certificate, require a login, and drop the
  connection after a number of messages (a failure half-way);
* :class:`RadicaleServer`: Radicale 3 in its own process (stopped by its
  process handle) with a throwaway storage folder, a free port and one user.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(port: int, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listening on {HOST}:{port} after {seconds} s")


def self_signed_certificate(folder: Path) -> tuple[Path, Path] | None:
    """A certificate for 127.0.0.1 and localhost and its key, made by the
    ``openssl`` command; None when it isn't installed."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class _Handler:
    drop_after: int | None = None
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            server.transport.close()  # the connection drops before the message is accepted
            return "421 closing"
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


class SmtpServer:
    """aiosmtpd on 127.0.0.1 and a free port. ``security``: ``none``,
    ``starttls`` (required before MAIL) or ``tls`` (implicit)."""

    def __init__(
        self,
        *,
        security: str = "none",
        certificate: tuple[Path, Path] | None = None,
        login: tuple[str, str] | None = None,
        drop_after: int | None = None,
    ) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        self.port = free_port()
        self.handler = _Handler(drop_after)
        context = None
        if certificate is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(certificate[0]), str(certificate[1]))
        kwargs: dict[str, Any] = {}
        if security == "starttls":
            kwargs |= {"tls_context": context, "require_starttls": True}
        elif security == "tls":
            kwargs |= {"ssl_context": context}
        if login is not None:

            def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
                ok = (
                    isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == login
                )
                return AuthResult(success=ok, handled=False)

            kwargs |= {"authenticator": authenticate, "auth_required": True}
            if security == "none":
                kwargs["auth_require_tls"] = False
        self.controller = Controller(self.handler, hostname=HOST, port=self.port, **kwargs)

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


class RadicaleServer:
    """Radicale on 127.0.0.1 and a free port, in its own process, storing in
    ``folder``; one user ``user`` with password ``password``."""

    user = "alex"
    password = "correct-horse-battery"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def __enter__(self) -> RadicaleServer:
        users = self.folder / "users"
        users.write_text(f"{self.user}:{self.password}\n")
        self.log = open(self.folder / "radicale.log", "wb")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "radicale", "--config", "",
                "--server-hosts", f"{HOST}:{self.port}",
                "--storage-filesystem-folder", str(self.folder / "collections"),
                "--auth-type", "htpasswd", "--auth-htpasswd-filename", str(users),
                "--auth-htpasswd-encryption", "plain", "--auth-delay", "0",
                "--logging-level", "warning",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "HOME": str(self.folder)},
        )  # fmt: skip
        try:
            wait_for_port(self.port)
        except RuntimeError:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        self.log.close()

    def make_calendar(self, name: str) -> str:
        """A new calendar collection of the user, by the caldav library; its URL."""
        from caldav.collection import Calendar
        from caldav.davclient import DAVClient

        with DAVClient(url=self.url, username=self.user, password=self.password) as client:
            calendar = client.get_principal().make_calendar(name=name, cal_id=name.lower().replace(" ", "-"))
            assert isinstance(calendar, Calendar)  # the synchronous client
            return str(calendar.url)

    def events(self, calendar_url: str) -> dict[str, bytes]:
        """Each stored object of the calendar, by its resource name."""
        from caldav.collection import Calendar
        from caldav.davclient import DAVClient

        with DAVClient(url=calendar_url, username=self.user, password=self.password) as client:
            events = Calendar(client=client, url=calendar_url).events()
            assert isinstance(events, list)  # the synchronous client
            return {str(event.url).rsplit("/", 1)[-1]: event.data.encode() for event in events}
