"""`memorybook serve` answers only this computer's names, and says one line per rebuild.

A web page can re-point a name it owns at 127.0.0.1 (DNS rebinding) and read what the preview
answers there, private entries included; its requests carry that name in `Host`. These tests
send raw requests with forged `Host` and `Origin` headers to a real `memorybook serve`.
"""

from __future__ import annotations

import http.client
import io
import time
import wsgiref.util
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from memorybook.building import _preview_build
from memorybook.hosts import Listening
from memorybook.journal import MAX_FILE
from memorybook.plugin import PreviewMemory
from memorybook.preview import may_be_sealed
from memorybook.ranges import answer_ranges, wanted_bytes
from tests.conftest import ScratchJournal
from tests.preview_helpers import Preview, previewing
from tests.site_helpers import site_files

CANARY = "periwinkle-quokka"
PRIVATE_CANARY = "marzipan-lighthouse"
ENTRY = f"---\ntitle: A quiet Sunday\ndate: 2024-01-07\n---\nWe stayed in: {CANARY}.\n"
PRIVATE = f"---\ntitle: Ours\ndate: 2024-01-08\nprivate: true\n---\n{PRIVATE_CANARY}.\n"

FORGED_HOSTS = [
    "evil.example:{port}",  # the rebinding page's own name, re-pointed at 127.0.0.1
    "evil.example",
    "127.0.0.1.evil.example:{port}",
    "localhost.evil.example:{port}",
    "127.0.0.1:{other}",  # this computer, another port: another origin
    "localhost:{other}",
    "127.0.0.1",  # port 80 implied
    "",
    "127.0.0.1:{port}@evil.example",
    "127.0.0.1:{port}:{port}",
    "[127.0.0.1]:{port}",
]

PATHS = [
    "/",
    "/a/",
    "/search/search_index.json",
    "/sitemap.xml",
    "/no-such-page/",
    "/livereload/0/0",  # answered at once when allowed
    "/livereload/99999999999999/1",  # the long poll: held for a minute when allowed
]


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    scratch = ScratchJournal(tmp_path_factory.mktemp("serve") / "project")
    scratch.write("a.md", ENTRY)
    scratch.write("b.md", PRIVATE)
    with previewing(scratch.config) as running:
        yield running


@pytest.mark.slow
@pytest.mark.parametrize("forged", FORGED_HOSTS)
def test_a_request_under_another_host_name_is_refused(preview: Preview, forged: str) -> None:
    host = forged.format(port=preview.port, other=preview.port + 1)
    for path in PATHS:
        started = time.monotonic()
        status, body = preview.request(path, host=host)
        assert (status, path) == (421, path), body
        assert body.startswith(b"memorybook serve answers only at http://127.0.0.1:")
        assert CANARY.encode() not in body and b"Sunday" not in body
        assert time.monotonic() - started < 5  # refused at once, not held as a long poll


@pytest.mark.slow
def test_a_websocket_or_long_poll_under_another_name_is_refused(preview: Preview) -> None:
    upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13"}
    upgrade["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ=="
    for path in ("/livereload", "/livereload/1/1", "/ws", "/"):
        status, body = preview.request(path, host=f"evil.example:{preview.port}", headers=upgrade)
        assert status == 421 and CANARY.encode() not in body


@pytest.mark.slow
@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LocalHost", "[::1]"])
def test_this_computers_own_names_are_answered(preview: Preview, name: str) -> None:
    status, body = preview.request("/a/", host=f"{name}:{preview.port}")
    assert status == 200 and CANARY.encode() in body
    status, body = preview.request("/livereload/0/0", host=f"{name}:{preview.port}")
    assert status == 200 and body.isdigit()


@pytest.mark.slow
@pytest.mark.parametrize(
    "origin",
    ["http://evil.example", "null", "https://127.0.0.1:{port}", "http://127.0.0.1:{other}"],
)
def test_a_request_from_another_sites_page_is_refused(preview: Preview, origin: str) -> None:
    origin = origin.format(port=preview.port, other=preview.port + 1)
    for path in ("/livereload/0/0", "/livereload/99999999999999/1", "/a/"):
        status, body = preview.request(path, headers={"Origin": origin})
        assert status == 403 and CANARY.encode() not in body
    status, _ = preview.request("/livereload/0/0", headers={"Origin": preview_origin(preview)})
    assert status == 200


def preview_origin(preview: Preview) -> str:
    return f"http://{preview.host}:{preview.port}"


@pytest.mark.slow
def test_the_private_entry_is_not_in_the_preview_at_all(preview: Preview) -> None:
    for path in ("/b/", "/search/search_index.json", "/sitemap.xml"):
        status, body = preview.request(path)
        assert PRIVATE_CANARY.encode() not in body


@pytest.mark.parametrize(
    ("bound", "host", "answered"),
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "[::1]:8000", True),
        ("127.0.0.1", "LOCALHOST:8000", True),
        ("127.0.0.1", "localhost:8001", False),
        ("127.0.0.1", "192.168.1.5:8000", False),
        ("127.0.0.1", "evil.example:8000", False),
        ("127.0.0.1", "localhost.:8000", False),
        ("127.0.0.1", None, False),
        ("::1", "[::1]:8000", True),
        ("::1", "localhost:8000", True),
        ("::1", "::1:8000", False),
        ("192.168.1.5", "192.168.1.5:8000", True),
        ("192.168.1.5", "localhost:8000", False),
        ("192.168.1.5", "evil.example:8000", False),
        ("0.0.0.0", "192.168.1.5:8000", True),  # asked for by hand: the other devices' way in
        ("0.0.0.0", "localhost:8000", True),
        ("0.0.0.0", "evil.example:8000", False),
        ("0.0.0.0", "192.168.1.5:8001", False),
    ],
)
def test_which_host_names_a_preview_answers(bound: str, host: str | None, answered: bool) -> None:
    assert Listening(bound, 8000).admits_host(host) is answered


def test_a_request_without_origin_is_answered_and_a_foreign_one_is_not() -> None:
    listening = Listening("127.0.0.1", 8000)
    assert listening.admits_origin(None)
    assert listening.admits_origin("http://localhost:8000")
    assert not listening.admits_origin("http://localhost:8000/path")
    assert not listening.admits_origin("http://evil.example:8000")


# -- one line per rebuild ---------------------------------------------------------------


@pytest.mark.slow
def test_each_save_prints_one_line_of_its_own(scratch: ScratchJournal) -> None:
    entry = scratch.write("a.md", ENTRY)
    with previewing(scratch.config) as preview:
        assert preview.lines[0] == f"serving on http://127.0.0.1:{preview.port}/ (Ctrl+C to stop)"
        first = len(preview.lines)
        for save in range(1, 3):
            Path(entry).write_text(ENTRY.replace("stayed in", f"stayed in {save}"), "utf-8")
            preview.wait_for_builds(1 + save)
        time.sleep(0.5)
        saves = preview.lines[first:]
    assert len(saves) == 2, saves
    for line in saves:
        assert line.startswith("preview built in ") and line.endswith(" s"), line


# -- a sealed entry's problems --------------------------------------------------------------

SEALED = "quokkaseal"
"""In the file name and every field of a broken sealed letter; none of it may be shown."""
SEALED_LETTER = f"""\
---
title: The {SEALED} letter
date: 2026-06-14
kind: letter
from: alex
to: sam
sealed_until: 2028-06-14
tags: [{SEALED}-tag]
place: {SEALED.capitalize()} Bay
photos:
  - src: {SEALED}.jpg
    caption: A {SEALED} caption
---
Dear Sam, the {SEALED} words of a letter for later.
"""
BROKEN_SEALS = {
    "unknown-person": ("to: sam", f"to: {SEALED}"),
    "unknown-kind": ("kind: letter", f"kind: {SEALED}"),
    "near-miss": ("sealed_until: 2028-06-14", "sealed-until: 2028-06-14"),
    "not-a-date": ("sealed_until: 2028-06-14", f"sealed_until: {SEALED}"),
    "bad-yaml": (f"title: The {SEALED} letter", f"title: [The {SEALED} letter"),
    "escaped-key": ("sealed_until: 2028-06-14", '"\\x73ealed_until": 2028-06-14\nkind: x'),
    "misspelt": ("sealed_until: 2028-06-14", "saeled_until: 2028-06-14\nkind: x"),
    "not-closed": ("---\nDear", "Dear"),
}


@pytest.mark.slow
@pytest.mark.parametrize("broken", BROKEN_SEALS)
def test_a_sealed_entrys_problems_show_nothing_of_it(
    scratch: ScratchJournal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    """Written first as an ordinary letter, then sealed with a mistake: its page goes."""
    old, new = BROKEN_SEALS[broken]
    letter = scratch.write(f"2026/2026-06-14-{SEALED}.md", SEALED_LETTER.replace("sealed_", "#"))
    scratch.copy_photo("rocket.jpg", f"2026/{SEALED}.jpg")
    scratch.write("2026/fine.md", "---\ntitle: Picnic\ndate: 2026-05-01\n---\nBread.\n")
    scratch.write("2026/broken.md", "---\ntitle: Walk\ndate: 2026-05-02\nkind: x\n---\nRain.\n")
    monkeypatch.setenv("MEMORYBOOK_TODAY", "2026-12-01")
    site, memory = tmp_path / "preview", PreviewMemory()
    _preview_build(scratch.config, site, "127.0.0.1:8000", memory)
    assert f"2026/2026-06-14-{SEALED}/index.html" in site_files(site)
    letter.write_text(SEALED_LETTER.replace(old, new, 1), encoding="utf-8")
    _preview_build(scratch.config, site, "127.0.0.1:8000", memory)
    files = site_files(site)
    assert [name for name, data in files.items() if SEALED in name + data.decode("latin-1")] == []
    assert [name for name in files if name.startswith("photos/")] == []  # nor its photo
    home = files["index.html"].decode()
    assert "A time capsule is left out because of a problem" in home
    assert "run <code>memorybook check</code>" in home
    # an ordinary entry's problems still show, at its own address
    assert "broken.md" in files["2026/broken/index.html"].decode()


@pytest.mark.parametrize(
    ("text", "sealed"),
    [
        ("---\ntitle: Walk\ndate: 2026-05-02\nkind: x\n---\nWe saw a seal.\n", False),
        ("---\ntitle: Walk\ndate: 2026-05-02\nkind: x\n---\nRain.\n", False),
        ("---\ntitle: Walk\nSEALED: 2030-01-01\nkind: x\n---\nRain.\n", True),
        ("---\ntitle: Walk\nsaeled_until: 2030-01-01\n---\nRain.\n", True),
        ('---\n"\\u0073ealed_until": 2030-01-01\n---\nRain.\n', True),
        ('---\n"\\x73\\x65\\x61\\x6c\\x65\\x64_until": 2030-01-01\n---\nRain.\n', True),
        ("title: Walk\nsealed_until: 2030-01-01\n\nNo opening line.\n", True),
        ("---\ntitle: Walk\nsealed_until: 2030-01-01\nNever closed.\n", True),
        (b"---\ntitle: \xff\nsealed_until: 2030-01-01\n---\n", True),
    ],
)
def test_which_files_left_out_may_be_sealed(
    tmp_path: Path, text: str | bytes, sealed: bool
) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    assert may_be_sealed(path) is sealed


def test_a_file_that_cannot_be_read_may_be_sealed(tmp_path: Path) -> None:
    assert may_be_sealed(tmp_path / "gone.md")
    big = tmp_path / "big.md"
    big.write_bytes(b"---\ntitle: Walk\n---\n" + b"x" * MAX_FILE)
    assert may_be_sealed(big)
    photo = big.rename(tmp_path / "big.jpg")  # a photo is never an entry, sealed or not
    assert not may_be_sealed(photo)


def test_plain_mkdocs_serve_answers_only_this_computers_names_too(
    scratch: ScratchJournal, tmp_path: Path
) -> None:
    """`mkdocs serve` with the plugin: the plugin guards MkDocs' own server (on_serve)."""
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    (tmp_path / "index.html").write_text(f"<p>{CANARY}</p>", encoding="utf-8")
    config = load_config(str(scratch.config), dev_addr="127.0.0.1:8123")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=8123, root=str(tmp_path))
    try:
        server = config.plugins.on_serve(server, config=config, builder=lambda: None)
        app = server.get_app()
        answered = []
        for host in ("evil.example:8123", "localhost:8123"):
            environ = {"HTTP_HOST": host, "PATH_INFO": "/index.html", "REQUEST_METHOD": "GET"}
            result = app(environ, lambda status, _: answered.append(status))
            body = b"".join(result)
            getattr(result, "close", lambda: None)()  # WSGI: the file served is closed
            assert (CANARY.encode() in body) is host.startswith("localhost")
        assert answered == ["421 Misdirected Request", "200 OK"]
    finally:
        server.server_close()


def _ranged(preview: Preview, path: str, asked: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(preview.host, preview.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Range": asked})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.slow
def test_the_preview_answers_range_requests_as_static_hosts_do(preview: Preview) -> None:
    """Before: MkDocs' server sent every file whole, so a clip could not seek in the preview,
    and a locked preview's service worker read a clip from its start for every seek."""
    status, whole = preview.request("/sitemap.xml")
    assert status == 200 and len(whole) > 100
    for asked, start, end in [("bytes=10-49", 10, 50), ("bytes=60-", 60, len(whole))]:
        status, headers, body = _ranged(preview, "/sitemap.xml", asked)
        assert (status, body) == (206, whole[start:end])
        assert headers["Content-Range"] == f"bytes {start}-{end - 1}/{len(whole)}"
        assert headers["Content-Length"] == str(end - start)
    status, headers, _body = _ranged(preview, "/sitemap.xml", f"bytes={len(whole)}-")
    assert (status, headers["Content-Range"]) == (416, f"bytes */{len(whole)}")
    status, _headers, body = _ranged(preview, "/no-such-page/", "bytes=0-10")
    assert status == 404 and len(body) > 11  # an error page is never cut


@pytest.mark.parametrize("as_file", [True, False])
def test_a_range_is_cut_from_a_file_or_any_body(as_file: bool) -> None:
    data = bytes(range(256)) * 1000

    def app(environ: dict[str, object], start_response: Callable[..., object]) -> Iterable[bytes]:
        start_response("200 OK", [("Content-Type", "video/mp4"), ("Content-Length", "256000")])
        if as_file:
            return wsgiref.util.FileWrapper(io.BytesIO(data), 4096)
        return [data[i : i + 999] for i in range(0, len(data), 999)]

    started: list[tuple[str, list[tuple[str, str]]]] = []
    spans = [("bytes=70000-170000", 70_000, 170_001), ("bytes=-10", 255_990, None)]
    for asked, start, end in spans:
        environ = {"REQUEST_METHOD": "GET", "HTTP_RANGE": asked}
        body = answer_ranges(app)(environ, lambda s, h: started.append((s, h)))
        assert b"".join(body) == data[start:end]
        assert started[-1][0] == "206 Partial Content"
    environ = {"REQUEST_METHOD": "GET", "HTTP_RANGE": "bytes=0-5,9-12"}  # several: all of it
    assert b"".join(answer_ranges(app)(environ, lambda s, h: started.append((s, h)))) == data


@pytest.mark.parametrize(
    ("first", "last", "span"),
    [("0", "0", (0, 1)), ("5", "", (5, 100)), ("", "7", (93, 100)), ("90", "500", (90, 100)),
     ("100", "", None), ("", "0", None), ("", "500", (0, 100))],
)  # fmt: skip
def test_which_bytes_a_range_asks_for(first: str, last: str, span: tuple[int, int] | None) -> None:
    assert wanted_bytes(first, last, 100) == span
