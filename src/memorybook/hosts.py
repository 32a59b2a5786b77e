"""The names the preview answers to: this computer's, never a web page's (DNS rebinding).

A page on any web site can point a name it owns at 127.0.0.1 once it has loaded (DNS
rebinding) and then read, as its own, whatever answers there: the journal, private entries
included, while `memorybook serve` runs. Such a request still carries that name in its `Host`
header, so the preview answers only requests that name the address it listens on (or this
computer's own names for it), and only those sent from its own pages when they say where they
come from (`Origin`). Nothing here knows MkDocs: `guard` wraps any WSGI application.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
"""The names every browser sends this computer under; none of them can be re-pointed."""

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class Listening:
    """Where the preview listens, and which `Host` values name it."""

    host: str
    """The address it is bound to, as given (`127.0.0.1`, `::1`, `0.0.0.0`, `localhost`)."""
    port: int

    @property
    def url(self) -> str:
        name = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{name}:{self.port}/"

    def names(self) -> frozenset[str]:
        """Host names (without port) that mean this server."""
        bound = self.host.lower().strip("[]")
        if bound in LOOPBACK_NAMES or _is_ip(bound, loopback=True) or self._everywhere():
            return LOOPBACK_NAMES | {bound}
        return frozenset({bound})

    def admits_host(self, value: str | None) -> bool:
        """Whether a `Host` header (`name:port`, `[v6]:port`) names this server."""
        parsed = _split_host(value or "")
        if parsed is None:
            return False
        name, port = parsed
        if port != self.port:
            return False
        if name in self.names():
            return True
        # Listening on every address (`-a 0.0.0.0:8000`, asked for by hand): another device
        # reaches it by an address, which no web page can re-point, or by this computer's name.
        return self._everywhere() and (_is_ip(name) or name in _own_names())

    def admits_origin(self, value: str | None) -> bool:
        """Whether an `Origin` header, when a request has one, is one of this server's pages."""
        if value is None:
            return True
        scheme, _, rest = value.partition("://")
        return scheme.lower() == "http" and "/" not in rest and self.admits_host(rest)

    def _everywhere(self) -> bool:
        return self.host.strip("[]") in ("", "0.0.0.0", "::")


def guard(app: WsgiApp, listening: Listening) -> WsgiApp:
    """`app`, answering only requests for `listening`: any other is refused, in plain words."""

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not listening.admits_host(environ.get("HTTP_HOST")):
            return _refuse(start_response, "421 Misdirected Request", listening, "host name")
        if not listening.admits_origin(environ.get("HTTP_ORIGIN")):
            return _refuse(start_response, "403 Forbidden", listening, "web page")
        return app(environ, start_response)

    return guarded


def _refuse(
    start_response: Callable[..., Any], status: str, listening: Listening, what: str
) -> list[bytes]:
    body = (
        f"memorybook serve answers only at {listening.url}, for this computer's own browser: "
        f"this request came under another {what}, as a web page trying to read your journal "
        f"would. Open {listening.url} instead.\n"
    ).encode()
    start_response(
        status,
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [body]


def _split_host(value: str) -> tuple[str, int] | None:
    """`name:port` as (lower-case name, port); 80 when no port is given; None if malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        name, bracket, rest = value[1:].partition("]")
        if not bracket or ":" not in name or (rest and not rest.startswith(":")):
            return None
        port = rest[1:] if rest else "80"
    else:
        name, colon, port = value.rpartition(":")
        if not colon:
            name, port = value, "80"
        if ":" in name:
            return None
    if not name or not port.isdigit() or len(port) > 5:
        return None
    return name, int(port)


def _is_ip(name: str, *, loopback: bool = False) -> bool:
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback if loopback else True


def _own_names() -> frozenset[str]:
    """This computer's own name, as other devices on the network may know it."""
    name = socket.gethostname().lower()
    return frozenset({name, f"{name}.local"}) if name else frozenset()
