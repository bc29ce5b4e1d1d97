"""``contactplan serve``: the web page for practitioners (``docs/web.md``).

Flask and waitress (the ``web`` extra) are imported inside the command.
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Iterator
from typing import Annotated

import typer

from . import DatabaseOption, command, say


def is_loopback(host: str) -> bool:
    """Whether ``host`` can only be reached from this machine."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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
    behind_proxy: Annotated[
        bool,
        typer.Option(
            "--behind-proxy",
            help="Requests come through an HTTPS reverse proxy: allows another --host, trusts "
            "X-Forwarded-Proto/-For from it, and marks cookies Secure.",
        ),
    ] = False,
    threads: Annotated[int, typer.Option("--threads", min=1, max=64, help="Requests served at once.")] = 8,
) -> None:
    """Serve the web page: caseload, cases, members, contacts, letters, "Plan a visit".
    Listens on 127.0.0.1 only unless --behind-proxy is given."""
    import os

    from ..errors import UsageError

    if not is_loopback(host) and not behind_proxy:
        raise UsageError(
            f"--host {host}: the page would be reachable from other machines without HTTPS; "
            "serve it on 127.0.0.1 behind an HTTPS reverse proxy and add --behind-proxy"
        )
    if trust_header is not None and not trust_header.strip():
        raise UsageError("--trust-header: name the header your sign-on proxy sets, e.g. X-Remote-User")
    from ..extras import needed

    with needed("web"):
        import waitress

        from ..web import create_app
    app = create_app(
        database,
        trust_header=trust_header.strip() if trust_header else None,
        behind_proxy=behind_proxy,
        secret_key=os.environ.get("CONTACTPLAN_SECRET_KEY") or None,
    )
    try:
        server = waitress.create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="contactplan",
            # Behind a proxy the app trusts X-Forwarded-* from one hop (ProxyFix);
            # otherwise nobody may claim to be a proxy.
            clear_untrusted_proxy_headers=not behind_proxy,
        )
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
