"""``contactplan serve``: the web page for practitioners (``docs/web.md``).

Flask and waitress (the ``web`` extra) are imported inside the command.

Waitress is set for the page (:data:`WAITRESS`): ``--threads`` requests
served at once (8), at most 100 connections open, a connection idle for
``--timeout`` seconds (60) closed, request bodies up to 2 MiB (an imported
case file is at most 1 MiB) and headers up to 64 KiB; anything bigger is
refused before it reaches the page.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from . import DatabaseOption, command, say

#: Waitress's settings for the page, beside ``threads`` and ``channel_timeout``.
WAITRESS: dict[str, Any] = {
    "connection_limit": 100,
    "cleanup_interval": 15,
    "max_request_body_size": 2 * 1024 * 1024,
    "max_request_header_size": 64 * 1024,
    "asyncore_use_poll": True,
    "expose_tracebacks": False,
}
_HOST_NAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)
_HEADER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,99}")


def is_loopback(host: str) -> bool:
    """Whether ``host`` can only be reached from this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.removeprefix("[").removesuffix("]")).is_loopback
    except ValueError:
        return False


def check_host(host: str) -> str:
    """``host`` when it is an IP address or a host name as written (no
    spaces, nothing else); one message otherwise."""
    from ..errors import UsageError

    bare = host.removeprefix("[").removesuffix("]") if host.startswith("[") else host
    try:
        ipaddress.ip_address(bare)
        return bare
    except ValueError:
        pass
    if _HOST_NAME.fullmatch(host):
        return host
    raise UsageError(
        f"--host {host!r}: not an address: give an IP address or a host name without spaces "
        "(127.0.0.1, ::1 or localhost for this machine only)"
    )


#: The shortest secret a sign-on proxy may send.
MIN_SECRET = 16


def read_proxy_secret(trust_header: str | None, path: Path | None) -> str | None:
    """The proxy's secret from ``--proxy-secret-file`` (one line of at least
    :data:`MIN_SECRET` visible ASCII characters, in a file only its owner may
    read), which ``--trust-header`` needs; one message otherwise."""
    from ..errors import UsageError
    from ..files import describe_os_error

    if path is None:
        if trust_header is not None:
            raise UsageError(
                f"--trust-header {trust_header} needs --proxy-secret-file FILE: without a secret that only "
                "your proxy sends, any program on this machine could claim to be anyone"
            )
        return None
    if trust_header is None:
        raise UsageError("--proxy-secret-file is for a sign-on proxy: give --trust-header NAME too")
    try:
        mode = path.stat().st_mode
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"--proxy-secret-file {path}: {describe_os_error(exc)}") from None
    if mode & 0o077:
        raise UsageError(
            f"--proxy-secret-file {path}: other users of this machine may read it: "
            f"make it readable by you only (chmod 600 {path})"
        )
    secret = raw.decode("ascii", "replace").strip()
    if len(secret) < MIN_SECRET or any(not (32 < ord(ch) < 127) for ch in secret):
        raise UsageError(
            f"--proxy-secret-file {path}: the secret must be one line of at least {MIN_SECRET} letters, "
            "digits or punctuation, without spaces (for example the output of: openssl rand -hex 32)"
        )
    return secret


def server_names(host: str, given: list[str] | None) -> list[str]:
    """The names the page answers to: ``--server-name`` (each a host name or
    an address), else the address it listens on (and ``localhost`` when that
    is this machine only). One message for a name that is not one, or for
    listening on every address without naming the page."""
    from ..errors import UsageError

    if given:
        names = []
        for name in given:
            try:
                names.append(check_host(name))
            except UsageError:
                raise UsageError(
                    f"--server-name {name!r}: not a host name: give the name people type to reach the page, "
                    "without a port (contactplan.example.org)"
                ) from None
        return names
    bare = host.removeprefix("[").removesuffix("]")
    with contextlib.suppress(ValueError):
        if ipaddress.ip_address(bare).is_unspecified:
            raise UsageError(
                f"--host {host} listens on every address: name the page's address with --server-name NAME"
            )
    return [host, "localhost"] if is_loopback(host) else [host]


@command()
def serve(
    database: DatabaseOption = None,
    host: Annotated[
        str,
        typer.Option(
            "--host", metavar="ADDRESS", help="The address to listen on (only this machine by default)."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The port to listen on.")] = 8000,
    trust_header: Annotated[
        str | None,
        typer.Option(
            "--trust-header",
            metavar="NAME",
            help="Take the user's name from this request header, set by your single sign-on "
            "reverse proxy (no local accounts then). Only behind a proxy that always sets it.",
            show_default=False,
        ),
    ] = None,
    proxy_secret_file: Annotated[
        Path | None,
        typer.Option(
            "--proxy-secret-file",
            metavar="FILE",
            help="With --trust-header: a file holding the secret your proxy sends in the "
            "X-Contactplan-Proxy-Secret header; a request without it is refused (403). Only you may read it.",
            show_default=False,
        ),
    ] = None,
    server_name: Annotated[
        list[str] | None,
        typer.Option(
            "--server-name",
            metavar="NAME",
            help="A name the page is reached by (the Host header); any other is refused (400). "
            "Give it once for each name. Default: the --host address (and localhost on this machine).",
            show_default=False,
        ),
    ] = None,
    behind_proxy: Annotated[
        bool,
        typer.Option(
            "--behind-proxy",
            help="Requests come through an HTTPS reverse proxy: allows another --host, trusts "
            "X-Forwarded-Proto/-For from it, and marks cookies Secure.",
        ),
    ] = False,
    threads: Annotated[int, typer.Option("--threads", min=1, max=64, help="Requests served at once.")] = 8,
    timeout: Annotated[
        int,
        typer.Option(
            "--timeout", min=5, max=3600, metavar="SECONDS", help="Close a connection idle this long."
        ),
    ] = 60,
) -> None:
    """Serve the web page: caseload, cases, members, contacts, letters, "Plan a visit".
    Listens on 127.0.0.1 only unless --behind-proxy is given."""
    import os
    import socket

    from ..errors import UsageError

    host = check_host(host)
    if trust_header is not None and not _HEADER_NAME.fullmatch(trust_header):
        raise UsageError(
            f"--trust-header {trust_header!r}: not a header name: name the header your sign-on proxy "
            "sets, e.g. X-Remote-User (letters, digits and '-')"
        )
    proxy_secret = read_proxy_secret(trust_header, proxy_secret_file)
    if not is_loopback(host) and not behind_proxy:
        raise UsageError(
            f"--host {host}: the page would be reachable from other machines without HTTPS; "
            "serve it on 127.0.0.1 behind an HTTPS reverse proxy and add --behind-proxy"
        )
    names = server_names(host, server_name)
    from ..extras import needed

    with needed("web"):
        import waitress

        from ..web import create_app
    app = create_app(
        database,
        trust_header=trust_header,
        proxy_secret=proxy_secret,
        server_names=names,
        behind_proxy=behind_proxy,
        sign_in_slots=max(1, threads // 2),
        secret_key=os.environ.get("CONTACTPLAN_SECRET_KEY") or None,
    )
    try:
        server = waitress.create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            channel_timeout=timeout,
            ident="contactplan",
            **WAITRESS,
            # Behind a proxy the app trusts X-Forwarded-* from one hop (ProxyFix);
            # otherwise nobody may claim to be a proxy.
            clear_untrusted_proxy_headers=not behind_proxy,
        )
    except (socket.gaierror, ValueError):
        # waitress looks the address up first: a name that resolves to nothing
        raise UsageError(f"--host {host}: no such address on this machine") from None
    except OSError as exc:
        from ..files import describe_os_error

        raise UsageError(f"--port {port}: can't listen on {host}: {describe_os_error(exc)}") from None
    shown = f"[{host}]" if ":" in host else host
    say(f"contactplan: serving the web page on http://{shown}:{port}/ (Ctrl+C to stop)", err=True)
    with stopped_by_signals():
        server.run()
    server.close()
    say("contactplan: the web page has stopped", err=True)


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """While the server runs, SIGTERM and SIGHUP (a service manager, a closed
    terminal) stop it the way Ctrl-C does.

    Waitress's event loop hands any other exception raised in a request
    handler to that handler's error logging, which would swallow the signal
    and keep serving; KeyboardInterrupt it lets through, finishes the
    requests under way and returns. The command then ends with status 0,
    as a service stopped on request should."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    before = {name: signal.signal(getattr(signal, name), interrupt) for name in names}
    try:
        yield
    finally:
        for name, handler in before.items():
            signal.signal(getattr(signal, name), handler)
