"""Sending messages with :mod:`smtplib`, with settings from the environment.

=============================  ==============================================
``CONTACTPLAN_SMTP_HOST``      the SMTP server (required to send)
``CONTACTPLAN_SMTP_PORT``      default 587 (``starttls``), 465 (``tls``), 25 (``none``)
``CONTACTPLAN_SMTP_SECURITY``  ``starttls`` (default), ``tls``, or ``none``
                               (only for a server on this machine:
                               ``127.0.0.1``, ``::1``, ``localhost``)
``CONTACTPLAN_SMTP_USER``      the user name to log in with (none: no login)
``CONTACTPLAN_SMTP_PASSWORD``  its password (never on the command line)
``CONTACTPLAN_SMTP_CA_FILE``   optional: a PEM file of the certificate
                               authorities to trust (an agency's own CA)
``CONTACTPLAN_SMTP_CONFIG``    optional: a settings file (default
                               ``smtp.toml`` in the user's configuration
                               folder, e.g. ``~/.config/contactplan/``)
=============================  ==============================================

The settings file holds the same settings in TOML, named without the prefix
(``host``, ``port``, ``security``, ``user``, ``password``, ``ca_file``); a
variable set in the environment wins over the file. A file holding a
password must be readable by its owner only (mode 0600), as for ``~/.netrc``.

The server's certificate is always checked (host name included). Each message
is remembered as sent (:mod:`.ledger`) as soon as the server has accepted
it, and only then.

What SMTP can and cannot promise: a message the server accepted is
remembered and never sent again; one it refused is reported and sent next
time. But when the connection drops while a message is being handed over
(after its text went, before the server said it took it), nobody can tell
whether the server kept it: it is not remembered, so the next run sends it
again, and its recipient may get it twice (the same invitation, with the
same UID and SEQUENCE: their calendar shows one entry). The message says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import smtplib
import socket
import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .. import clock
from .errors import SendError, redact
from .imip import Outgoing

__all__ = ["LOCAL_HOSTS", "SendReport", "SmtpSettings", "send_all"]

ENV = "CONTACTPLAN_SMTP_"
SECURITIES = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
#: The only hosts a message may go to without encryption.
LOCAL_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: str | None = None
    timeout: float = TIMEOUT_SECONDS

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> SmtpSettings:
        """The settings from ``CONTACTPLAN_SMTP_*``; :class:`SendError` saying
        what is missing or wrong."""
        env = dict(os.environ if environ is None else environ)
        for key, value in _config_file(env).items():
            env.setdefault(f"{ENV}{key.upper()}", value)
        host = env.get(f"{ENV}HOST", "").strip()
        if not host:
            raise SendError(
                f"{ENV}HOST is not set: set it (and {ENV}PORT, {ENV}SECURITY, {ENV}USER, "
                f"{ENV}PASSWORD) to your agency's SMTP server, or use --dry-run"
            )
        security = env.get(f"{ENV}SECURITY", "starttls").strip().lower() or "starttls"
        if security not in SECURITIES:
            raise SendError(f"{ENV}SECURITY: {security!r} is not starttls, tls or none")
        if security == "none" and host.lower() not in LOCAL_HOSTS:
            raise SendError(
                f"{ENV}SECURITY: none sends case details unencrypted: allowed only for a server on "
                f"this machine (127.0.0.1 or localhost), not {host!r}; use starttls or tls"
            )
        raw_port = env.get(f"{ENV}PORT", "").strip()
        try:
            port = int(raw_port) if raw_port else DEFAULT_PORTS[security]
        except ValueError:
            port = 0
        if not 0 < port < 65536:
            raise SendError(f"{ENV}PORT: {raw_port!r} is not a port number (1 to 65535)")
        user = env.get(f"{ENV}USER") or None
        password = env.get(f"{ENV}PASSWORD") or None
        if user and not password:
            raise SendError(f"{ENV}USER is set but {ENV}PASSWORD is not: set both, or neither")
        ca_file = env.get(f"{ENV}CA_FILE") or None
        if ca_file and not os.path.isfile(ca_file):
            raise SendError(f"{ENV}CA_FILE: {ca_file!r} is not a file")
        return cls(host, port, security, user, password, ca_file)


_CONFIG_KEYS = frozenset({"host", "port", "security", "user", "password", "ca_file"})


def config_path(environ: Mapping[str, str]) -> str:
    """The settings file: ``CONTACTPLAN_SMTP_CONFIG``, else ``smtp.toml`` in
    the user's configuration folder."""
    named = environ.get(f"{ENV}CONFIG")
    if named:
        return named
    import platformdirs

    return os.path.join(platformdirs.user_config_dir("contactplan", appauthor=False), "smtp.toml")


def _config_file(environ: Mapping[str, str]) -> dict[str, str]:
    """The settings of the settings file (none when there is no file)."""
    import stat
    import tomllib

    path = config_path(environ)
    named = bool(environ.get(f"{ENV}CONFIG"))
    try:
        with open(path, "rb") as file:
            mode = os.fstat(file.fileno()).st_mode
            data = tomllib.load(file)
    except FileNotFoundError:
        if named:
            raise SendError(f"{ENV}CONFIG: {path}: no such file") from None
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise SendError(f"{path}: not a TOML settings file: {exc}") from None
    except OSError as exc:
        raise SendError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    section = data.get("smtp", data)
    if not isinstance(section, dict):
        raise SendError(f"{path}: [smtp] must be a table of settings")
    unknown = sorted(set(section) - _CONFIG_KEYS)
    if unknown:
        raise SendError(
            f"{path}: unknown settings {', '.join(unknown)} (known: {', '.join(sorted(_CONFIG_KEYS))})"
        )
    if "password" in section and stat.S_IMODE(mode) & 0o077:
        raise SendError(
            f"{path}: holds a password but other users can read it: make it readable by you only "
            f"(chmod 600 {path})"
        )
    return {key: str(value) for key, value in section.items()}


@dataclass
class SendReport:
    sent: list[Outgoing] = field(default_factory=list)
    #: Messages the server refused, with its reason; the others were still sent.
    refused: list[tuple[Outgoing, str]] = field(default_factory=list)


def send_all(
    messages: Sequence[Outgoing],
    settings: SmtpSettings,
    on_sent: Callable[[Outgoing, dt.datetime], None],
) -> SendReport:
    """Send each message over one connection; ``on_sent`` is called for each
    as soon as the server accepted it. A message the server refuses is
    reported and the others are still sent; a connection that fails stops
    the run with :class:`SendError` (``sent`` then tells how far it went:
    those are remembered, the rest go next time)."""
    report = SendReport()
    if not messages:
        return report
    connection = _connect(settings)
    try:
        for outgoing in messages:
            try:
                refused = connection.send_message(
                    outgoing.message, from_addr=outgoing.sender, to_addrs=[outgoing.recipient]
                )
            except smtplib.SMTPServerDisconnected:
                raise _stopped(report, messages, "the server closed the connection", outgoing) from None
            except smtplib.SMTPRecipientsRefused as exc:
                report.refused.append((outgoing, _reasons(exc.recipients, settings)))
                continue
            except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                report.refused.append((outgoing, _reply(exc.smtp_code, exc.smtp_error, settings)))
                continue
            except (smtplib.SMTPException, OSError) as exc:
                why = redact(_describe(exc), settings.password)
                raise _stopped(report, messages, why, outgoing) from None
            if refused:
                report.refused.append((outgoing, _reasons(refused, settings)))
                continue
            report.sent.append(outgoing)
            on_sent(outgoing, clock.now())
    finally:
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()
    return report


def _stopped(
    report: SendReport, messages: Sequence[Outgoing], why: str, in_flight: Outgoing | None = None
) -> SendError:
    """Why sending stopped, what went, and what SMTP can't tell: whether the
    message being handed over when the connection dropped arrived."""
    unsure = ""
    if in_flight is not None:
        unsure = (
            f"; the message to {in_flight.recipient} about contact {in_flight.contact} was being handed "
            "over when it stopped: the server may or may not have kept it, so running again sends it "
            "again and they may get it twice (the same invitation: their calendar keeps one entry)"
        )
    error = SendError(
        f"sending stopped: {why}; {len(report.sent)} of {len(messages)} messages were accepted by the "
        f"server and remembered: they are not sent again{unsure}; run the command again to send the rest"
    )
    error.report = report  # type: ignore[attr-defined]
    return error


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    where = f"SMTP server {settings.host}:{settings.port}"
    context = ssl.create_default_context(cafile=settings.ca_file)
    connection: smtplib.SMTP | None = None
    try:
        if settings.security == "tls":
            connection = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        connection.ehlo()
        if settings.security == "starttls":
            if not connection.has_extn("starttls"):
                raise SendError(
                    f"{where} does not offer STARTTLS: nothing sent (set {ENV}SECURITY=tls "
                    "if it takes TLS connections, usually on port 465)"
                )
            connection.starttls(context=context)
            connection.ehlo()
        if settings.user:
            assert settings.password is not None
            connection.login(settings.user, settings.password)
        return connection
    except SendError:
        _close(connection)
        raise
    except smtplib.SMTPAuthenticationError:
        _close(connection)
        raise SendError(
            f"{where} refused the user name or password ({ENV}USER, {ENV}PASSWORD): nothing sent"
        ) from None
    except smtplib.SMTPNotSupportedError:
        _close(connection)
        raise SendError(f"{where} does not accept a login: nothing sent (unset {ENV}USER?)") from None
    except ssl.SSLCertVerificationError as exc:
        _close(connection)
        raise SendError(
            f"{where}: its certificate could not be verified ({exc.verify_message}): nothing sent "
            f"(for an agency's own certificate authority set {ENV}CA_FILE)"
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        _close(connection)
        raise SendError(
            f"cannot send through {where}: {redact(_describe(exc), settings.password)}: nothing sent"
        ) from None


def _close(connection: smtplib.SMTP | None) -> None:
    if connection is not None:
        with contextlib.suppress(OSError):
            connection.close()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, socket.gaierror):
        return "unknown host name"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "no answer (timed out)"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason or exc})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _reply(code: int, text: bytes | str, settings: SmtpSettings) -> str:
    return redact(f"{code} {_text(text)}", settings.password)


def _reasons(refused: Mapping[str, tuple[int, bytes]], settings: SmtpSettings) -> str:
    return "; ".join(f"{who}: {_reply(code, text, settings)}" for who, (code, text) in refused.items())
