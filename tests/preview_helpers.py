"""A real `memorybook serve` in a subprocess: its terminal lines as they come, raw HTTP to it."""

from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Preview:
    """A running preview: where it listens and every line it has printed so far."""

    host: str
    port: int
    lines: list[str] = field(default_factory=list)

    def _read(self, stream: Iterator[str]) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def builds(self) -> int:
        return sum(line.startswith("preview built in ") for line in self.lines)

    def wait_for_builds(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.builds() < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self.builds() >= count, f"only {self.builds()} builds:\n" + "\n".join(self.lines)

    def wait_until_answering(self, timeout: float = 60) -> None:
        """Until the server accepts connections: it starts to listen once its first build is
        done."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection((self.host, self.port), 1):
                return
            time.sleep(0.1)
        raise AssertionError("the preview never answered:\n" + "\n".join(self.lines))

    def request(
        self,
        path: str,
        *,
        host: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 10,
    ) -> tuple[int, bytes]:
        """One raw GET, its `Host` header as given (default: the address served)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", host if host is not None else f"{self.host}:{self.port}")
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


@contextmanager
def previewing(
    config: Path, host: str = "127.0.0.1", *, answering: bool = True
) -> Iterator[Preview]:
    """`memorybook serve -f CONFIG` on a free port, once it answers (with `answering`)."""
    preview = Preview(host, free_port())
    server = subprocess.Popen(
        [sys.executable, "-m", "memorybook", "serve", "-f", str(config)]
        + ["-a", f"{host}:{preview.port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert server.stdout is not None
    reader = threading.Thread(target=preview._read, args=(server.stdout,), daemon=True)
    reader.start()
    try:
        if answering:
            preview.wait_until_answering()
        yield preview
    finally:
        server.terminate()
        server.wait(timeout=10)
        reader.join(timeout=10)
        server.stdout.close()
