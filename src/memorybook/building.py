"""`memorybook build` and `serve`: MkDocs run as a library, quietly, with the journal's problems.

With the plugin package, the only code that imports mkdocs. MkDocs' own chatter stays
out of the terminal; the journal's problems print exactly as `memorybook check`
prints them, and other MkDocs warnings are prefixed so they stand out.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from memorybook import safety
from memorybook.errors import ConfigError, MemorybookError, display_path
from memorybook.hosts import Listening, guard
from memorybook.kept_preview import KeptPreview, fingerprint, keep_preview
from memorybook.mkdocs_yml import missing_config
from memorybook.preview import stale_banner
from memorybook.ranges import answer_ranges
from memorybook.settings import load_settings
from memorybook.signals import ending_as_interrupt
from memorybook.words import today

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from memorybook.plugin import PreviewMemory

# Material prints an end-of-life banner when run as `mkdocs`; never under memorybook.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

DEFAULT_ADDRESS = "127.0.0.1:8000"
_PLUGIN_LOGGER = "mkdocs.plugins.memorybook"
# MkDocs' preview server logs every answer but 200 as a warning, 304 Not Modified included.
_REQUEST_LOG = re.compile(r'^(\[[\d:]+\] )?"[A-Z]+ \S* HTTP/[\d.]+" code \d+$')
# The preview's dirty builds are memorybook's own choice: the plugin tells MkDocs exactly which
# pages changed and keeps the navigation whole, so MkDocs' caution about them does not apply.
_DIRTY_BUILD = "A 'dirty' build is being performed"


@dataclass(frozen=True)
class BuildResult:
    """What a finished build tells the person who ran it."""

    site_dir: Path
    seconds: float
    warnings: int
    """Warnings and errors logged on the way (journal problems included)."""
    left_out: tuple[Path, ...] = ()
    """Journal files left out of the site because of their errors (reported above)."""


class _Terminal(logging.Handler):
    """Prints journal problems as `check` does and other MkDocs warnings with a prefix."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if _REQUEST_LOG.match(message) or message.startswith(_DIRTY_BUILD):
            return  # the preview's request log and way of building are not journal problems
        self.count += 1
        if record.name != _PLUGIN_LOGGER:
            message = f"mkdocs: {record.levelname.lower()}: {message}"
        sys.stderr.write(message + "\n")


@contextmanager
def _quiet_mkdocs() -> Iterator[_Terminal]:
    """Route the `mkdocs` loggers to our handler for the duration of one command."""
    logger = logging.getLogger("mkdocs")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    handler = _Terminal()
    logger.handlers = [handler]
    logger.setLevel(logging.INFO)  # INFO reaches MkDocs' strict counter only at WARNING+
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.handlers, logger.level, logger.propagate = saved


def _load(config_file: Path, **overrides: Any) -> MkDocsConfig:
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        raise missing_config(config_file)
    settings = load_settings(config_file)  # memorybook's options first: each its own message
    if not settings.journal.is_dir():  # (MkDocs would say "docs_dir", then "Aborted")
        raise ConfigError(
            f"{display_path(settings.journal)}: no such folder; {display_path(config_file)}'s "
            "journal (docs_dir) names it: create it, or name your journal's folder there"
        )
    today()  # and the day it builds as of (MEMORYBOOK_TODAY), before MkDocs turns it into exit 1
    try:
        return load_config(str(config_file), **overrides)
    except MkDocsException as exc:  # the details were printed as they were found
        raise ConfigError(f"{config_file}: {exc}") from None
    except ValueError as exc:  # YAML that reads `2025-13-01` elsewhere in the file as a date
        raise ConfigError(f"{config_file}: {exc}") from None


def check_config(config_file: Path) -> None:
    """What `build` refuses in mkdocs.yml, refused first for `check`, in the same words:
    MkDocs' reading of every option, the memorybook plugin's rules, the site folder."""
    with _quiet_mkdocs():
        config = _load(config_file)
        _refuse_config(config_file, config, required=True)
        _check_folders(config_file, Path(config.site_dir))


def _refuse_config(config_file: Path, config: MkDocsConfig, *, required: bool) -> None:
    """The plugin's rules for mkdocs.yml (theme, custom_dir, links), as a clean exit 2."""
    from mkdocs.exceptions import PluginError

    from memorybook.plugin import refuse_config

    if config.plugins.get("memorybook") is None:
        if required:
            raise ConfigError(
                f"{display_path(config_file)}: the memorybook plugin is not in its plugins; "
                "add `- memorybook:` under `plugins:`"
            )
        return
    try:
        refuse_config(config, load_settings(config_file))
    except PluginError as exc:
        raise ConfigError(exc.message) from None


def _check_folders(config_file: Path, site_dir: Path | None) -> None:
    """Refuse, before MkDocs empties anything, a cache or site folder that is not memorybook's
    own (the plugin checks again for plain `mkdocs build`, but its errors would exit 1)."""
    settings = load_settings(config_file)
    safety.check_cache_dir(settings)
    if site_dir is not None:
        safety.check_site_dir(site_dir, settings)


def build(
    config_file: Path, *, site_dir: Path | None = None, strict: bool = False, lock: bool = False
) -> BuildResult:
    """Build the site; in strict mode any warning (a journal problem too) fails the build.
    With `lock`, as with the plugin's `lock: true`, the site is encrypted (memorybook.lock)."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    overrides: dict[str, Any] = {"strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir.resolve())
    started = time.perf_counter()
    with _quiet_mkdocs() as terminal, ending_as_interrupt():
        config = _load(config_file, **overrides)
        _refuse_config(config_file, config, required=False)
        site = Path(config.site_dir)
        _check_folders(config_file, site)
        _open_lock(config_file, config, asked=lock)
        plugin = config.plugins.get("memorybook")
        try:
            mkdocs_build.build(config)
        except MkDocsException as exc:
            raise MemorybookError(f"build failed: {exc}") from None
        finally:  # Ctrl-C, SIGTERM or SIGHUP too: no plain page of a locked build stays
            if plugin is not None:
                plugin.end_build()
    left_out = tuple(getattr(config.plugins.get("memorybook"), "left_out", ()))
    return BuildResult(site, time.perf_counter() - started, terminal.count, left_out)


def _open_lock(config_file: Path, config: MkDocsConfig, *, asked: bool) -> None:
    """For a locked site (`--lock`, or `lock:` in mkdocs.yml), open its key before MkDocs runs,
    so a missing, weak or wrong passphrase is a clean error and the site folder is untouched."""
    plugin = config.plugins.get("memorybook")
    settings = load_settings(config_file)
    if plugin is None or not (asked or settings.lock.enabled):
        if asked:
            raise ConfigError(f"{display_path(config_file)}: --lock needs the memorybook plugin")
        return
    if settings.offline:
        raise ConfigError(
            "memorybook: --lock and offline: true cannot go together: a locked site opens only "
            "from a web address (its service worker cannot run from file://)"
        )
    from memorybook.lock.site import open_keys

    if not plugin.config.get("lock"):
        plugin.config["lock"] = True
    plugin.site_keys = open_keys(replace(settings, lock=replace(settings.lock, enabled=True)))


def check_preview(config_file: Path, *, address: str = DEFAULT_ADDRESS) -> None:
    """What `serve` refuses, refused before it says where it serves: a missing or broken
    mkdocs.yml, a missing journal folder, an address MkDocs cannot read, a cache folder
    that is not memorybook's."""
    with _quiet_mkdocs():
        host, port = _load(config_file, dev_addr=address).dev_addr
    _check_folders(config_file, None)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:  # bound as the server binds, then let go
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise _cannot_serve(address, exc) from None


def _cannot_serve(address: str, exc: OSError) -> ConfigError:
    """The port is taken, or the address is not this computer's."""
    return ConfigError(
        f"cannot serve on {address}: {exc.strerror or exc}; is another preview "
        "running? choose another port with -a 127.0.0.1:8001"
    )


def serve(config_file: Path, *, address: str = DEFAULT_ADDRESS) -> None:
    """Preview the site on this computer only (127.0.0.1 by default), rebuilding on save.

    MkDocs' own server, driven as `mkdocs serve` drives it, with six differences: it answers
    only requests that name its own address (hosts.py), it answers Range requests as static
    hosts do, so clips seek (ranges.py), the plugin shows each problem on the
    page it concerns, a 404 or error page reloads itself like any other page, a rebuild
    that fails says why without a traceback, and it starts by showing the preview the last
    `serve` left, when the journal has not changed since, while it builds afresh
    (kept_preview.py).
    """
    if not config_file.is_file():
        raise missing_config(config_file)
    _check_folders(config_file, None)  # serve builds into a folder of its own
    site = _PreviewSite(config_file, address, keep_preview(load_settings(config_file)))
    try:
        with _quiet_mkdocs():
            _serve(site)
    finally:
        site.close()


def _serve(site: _PreviewSite) -> None:
    from mkdocs.livereload import LiveReloadServer

    config = _load(site.config_file, site_dir=str(site.site_dir), dev_addr=site.address)
    host, port = config.dev_addr
    server = LiveReloadServer(builder=site.rebuild, host=host, port=port, root=str(site.shown))
    site.server = server
    server.set_app(guard(answer_ranges(server.serve_request), Listening(host, port)))
    server.observer = _saves_observer()
    server.error_handler = lambda code: _reloading_error_page(server, code)
    server._inject_js_into_html = site.marking(server._inject_js_into_html)  # type: ignore[method-assign]
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        if site.stale is None:
            site.build(config)
        else:  # shown at once, marked as not current, until the fresh build lands
            threading.Thread(target=site.build, args=(config,), daemon=True).start()
        for path in (config.docs_dir, config.config_file_path, *config.watch):
            if path:
                server.watch(str(path))
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    except OSError as exc:  # taken since check_preview looked
        raise _cannot_serve(site.address, exc) from None
    finally:
        server.shutdown()
        config.plugins.on_shutdown()


class _PreviewSite:
    """Where the preview is built, and what is shown until its first build lands: the copy
    the last `serve` kept, when nothing it was built from has changed (kept_preview.py)."""

    def __init__(self, config_file: Path, address: str, kept: KeptPreview | None) -> None:
        from memorybook.plugin import PreviewMemory

        self.config_file = config_file
        self.address = address
        self.kept = kept
        self.memory = PreviewMemory()
        self.stale = kept.stale_copy(self._fingerprint()) if kept else None
        """The kept copy shown meanwhile, until the first build of this `serve` lands."""
        self.site_dir = (
            kept.build_folder(self.stale)
            if kept
            else Path(tempfile.mkdtemp(prefix="memorybook-serve-"))
        )
        self.server: Any = None
        self.landed = threading.Event()
        """Set once the first build has ended: saves wait for it."""

    @property
    def shown(self) -> Path:
        return self.stale or self.site_dir

    def _fingerprint(self) -> str:
        return fingerprint(load_settings(self.config_file), today())

    def build(self, config: MkDocsConfig | None = None) -> None:
        """One build of the preview; once it has finished, the folder it went to is what the
        next `serve` may show, and what this one shows."""
        try:
            stamp = None
            if self.kept is not None:
                self.kept.forget()
                stamp = self._fingerprint()  # before the build reads anything
            _preview_build(self.config_file, self.site_dir, self.address, self.memory, config)
            if self.kept is not None and stamp is not None:
                self.kept.record(self.site_dir, stamp)
            if self.stale is not None:
                self._show_built()
        except MemorybookError as exc:
            if config is None or self.stale is None:
                raise  # a save's rebuild (the server prints it), or the first build: stop
            sys.stderr.write(f"Error: {exc.message}\n")  # the kept copy stays, marked
        finally:
            self.landed.set()

    def _show_built(self) -> None:
        """The fresh build in place of the kept copy; pages open in a browser reload."""
        server = self.server
        with server._epoch_cond:
            server.root = str(self.site_dir)
            self.stale = None
            if server._visible_epoch == server._wanted_epoch:  # else a rebuild will tell them
                server._wanted_epoch = server._visible_epoch = server._visible_epoch + 1
            server._epoch_cond.notify_all()

    def rebuild(self) -> None:
        """A rebuild after a save: a failure (mkdocs.yml saved half-written) is a message,
        never a traceback; the server keeps the last good site until the next save."""
        self.landed.wait()
        try:
            self.build()
        except MemorybookError as exc:
            raise SystemExit(f"Error: {exc.message}") from None  # printed alone by the server

    def marking(self, inject: Callable[[bytes, int], bytes]) -> Callable[[bytes, int], bytes]:
        """The server's injection of its live-reload script into each page, and, into a
        page of the kept copy, a banner that says it is not current (the script brings the
        current page when it lands)."""

        def marked(page: bytes, epoch: int) -> bytes:
            page = inject(page, epoch)
            if self.stale is None:  # one read just before it landed reloads at once (epoch)
                return page
            at = page.rfind(b"</body>")
            at = len(page) if at < 0 else at
            return page[:at] + stale_banner().encode() + page[at:]

        return marked

    def close(self) -> None:
        if self.kept is not None:
            self.kept.release()
        else:
            shutil.rmtree(self.site_dir, ignore_errors=True)


def _saves_observer() -> Any:
    """A watcher told of each save by the system at once, rather than polling every half second,
    and of nothing but changes: inotify also reports a file merely opened or closed unwritten,
    and every build opens mkdocs.yml and the journal, so each build would set off the next."""
    import watchdog.events as ev
    import watchdog.observers

    changes: list[type[ev.FileSystemEvent]] = [
        ev.FileCreatedEvent,
        ev.FileModifiedEvent,
        ev.FileDeletedEvent,
        ev.FileMovedEvent,
        ev.FileClosedEvent,  # closed after writing
        ev.DirCreatedEvent,
        ev.DirDeletedEvent,
        ev.DirMovedEvent,
    ]
    observer = watchdog.observers.Observer()
    schedule = observer.schedule

    def schedule_changes(handler: Any, path: str, *, recursive: bool = False) -> Any:
        return schedule(handler, path, recursive=recursive, event_filter=changes)

    observer.schedule = schedule_changes  # type: ignore[method-assign,assignment]
    return observer


def _preview_build(
    config_file: Path,
    site_dir: Path,
    address: str,
    memory: PreviewMemory,
    config: MkDocsConfig | None = None,
) -> None:
    """One build of the preview: after the first, only pages whose source changed are
    rendered (MkDocs' dirty build, told by the plugin which pages those are)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    config = config or _load(config_file, site_dir=str(site_dir), dev_addr=address)
    plugin = config.plugins.get("memorybook")
    if plugin is not None:
        plugin.preview = memory
    host, port = config.dev_addr
    config.site_url = f"http://{host}:{port}/"
    started = time.perf_counter()
    try:
        mkdocs_build(config, serve_url=config.site_url, dirty=bool(memory.pages))
    except MkDocsException as exc:
        raise MemorybookError(f"serve failed: {exc}") from None
    sys.stderr.write(f"preview built in {time.perf_counter() - started:.2f} s\n")


def _reloading_error_page(server: Any, code: int) -> bytes | None:
    """The site's own 404 page (Material's), with the live-reload script every page has, so
    a page that does not exist yet appears by itself once it is saved."""
    page = Path(server.root) / "404.html"
    if code != 404 or not page.is_file():
        return None
    epoch = server._visible_epoch  # what the other pages of this build carry
    return bytes(server._inject_js_into_html(page.read_bytes(), epoch))
