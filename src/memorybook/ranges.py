"""The preview answers Range requests (`Range: bytes=a-b`) with 206, as every static host
does: a browser seeks a clip that way, and a locked site's service worker fetches only the
chunks of a clip that a seek needs. MkDocs' own server sends every file whole. Nothing here
knows MkDocs: `answer_ranges` wraps any WSGI application that starts its answer before
returning its body, as MkDocs' does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from memorybook.hosts import WsgiApp

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
_BLOCK = 64 * 1024
Answer = tuple[str, list[tuple[str, str]]]


def answer_ranges(app: WsgiApp) -> WsgiApp:
    """`app`, its whole-file answers (200 with a length) cut to the one range asked for; a
    range past the end is a 416. Several ranges in one request get the whole file, as the
    standard allows."""

    def ranged(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        asked = _RANGE.fullmatch(environ.get("HTTP_RANGE", "").strip())
        if asked is None or not _valid(*asked.group(1, 2)) or environ["REQUEST_METHOD"] != "GET":
            return app(environ, start_response)  # the standard says: ignore it
        started: list[Answer] = []
        body = app(environ, lambda status, headers, *_: started.append((status, headers)))
        status, headers = started[0]
        length = _header(headers, "Content-Length")
        if not status.startswith("200") or length is None:
            start_response(status, headers)
            return body
        span = wanted_bytes(asked.group(1), asked.group(2), int(length))
        if span is None:
            _close(body)
            start_response("416 Range Not Satisfiable", [("Content-Range", f"bytes */{length}")])
            return []
        start, end = span
        kept = [(k, v) for k, v in headers if k.lower() not in ("content-length", "accept-ranges")]
        start_response(
            "206 Partial Content",
            [
                *kept,
                ("Content-Length", str(end - start)),
                ("Content-Range", f"bytes {start}-{end - 1}/{length}"),
                ("Accept-Ranges", "bytes"),
            ],
        )
        return _cut(body, start, end)

    return ranged


def wanted_bytes(first: str, last: str, length: int) -> tuple[int, int] | None:
    """The bytes [start, end) that `bytes=first-last` asks of `length` (`a-b`, `a-`, or the
    last n: `-n`); None if none of them exists."""
    if first == "":
        start, end = max(0, length - int(last)), length
    else:
        start, end = int(first), length if last == "" else min(int(last) + 1, length)
    return (start, end) if start < end else None


def _valid(first: str, last: str) -> bool:
    return (first, last) != ("", "") and (first == "" or last == "" or int(first) <= int(last))


def _cut(body: Iterable[bytes], start: int, end: int) -> Iterator[bytes]:
    """Bytes [start, end) of the body: read from `start` if it is a file (wsgiref's
    FileWrapper), else skipped up to it."""
    try:
        stream = getattr(body, "filelike", None)
        if stream is not None and hasattr(stream, "seek"):
            stream.seek(start)
            yield from _read(stream, end - start)
            return
        at = 0
        for block in body:
            piece = block[max(0, start - at) : max(0, end - at)]
            at += len(block)
            if piece:
                yield piece
            if at >= end:
                return
    finally:
        _close(body)


def _read(stream: Any, count: int) -> Iterator[bytes]:
    while count > 0:
        block = stream.read(min(count, _BLOCK))
        if not block:
            return
        count -= len(block)
        yield block


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((value for key, value in headers if key.lower() == name.lower()), None)


def _close(body: Iterable[bytes]) -> None:
    close = getattr(body, "close", None)
    if close is not None:
        close()
