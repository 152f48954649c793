"""Web pages named on the command line (`dateline ingest DB URL…`, `dateline analyze URL`).

Fetched with trafilatura's fetcher (http and https only, on every redirect too; a time limit;
a size cap; private and loopback addresses refused unless allowed), then read by the same
readers as a file with the page's bytes. A page that cannot be fetched becomes a typed
`IngestError` ("fetch" stage) with a message a person can act on, never an exception.
Nothing else in Dateline uses the network.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pipeline.document import Document
from pipeline.ingest.base import MAX_BYTES, IngestError, sha256_bytes

URL_SCHEMES = ("http", "https")
FETCH_TIMEOUT = 20  # seconds per request
MAX_REDIRECTS = 3
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# File name suffixes by content type, so the readers sniff a page as what the server says.
_SUFFIXES = {"html": ".html", "xhtml": ".html", "rss": ".xml", "atom": ".xml", "xml": ".xml",
             "json": ".json", "plain": ".txt", "rfc822": ".eml"}
# How fetch failures read in trafilatura's log, most specific first -> (error_type, message).
_REASONS = (
    (re.compile(r"non-public address", re.I), "PrivateAddress",
     "the address is on this machine or a private network (--allow-private-urls fetches it)"),
    (re.compile(r"resolve|Name or service not known|nodename|getaddrinfo|"
                r"Temporary failure in name resolution", re.I), "Offline",
     "the host name could not be resolved: offline, or no such host"),
    (re.compile(r"refused", re.I), "ConnectionRefused", "the server refused the connection"),
    (re.compile(r"timed? ?out", re.I), "Timeout", "no answer within the time limit"),
    (re.compile(r"MAX_FILE_SIZE", re.I), "TooLarge", "the page is over the size limit"),
    (re.compile(r"redirect", re.I), "TooManyRedirects", "too many redirects"),
    (re.compile(r"SSL|certificate", re.I), "TLSError", "the secure connection failed"),
    (re.compile(r"unreachable|No route", re.I), "Offline", "the network is unreachable"),
)


def is_url(value: object) -> bool:
    """Whether a command-line input is a URL (any scheme) rather than a path."""
    return isinstance(value, str) and bool(_SCHEME.match(value))


def url_problem(url: str) -> str | None:
    """Why `url` will not be fetched (a scheme other than http(s), no host), or None."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in URL_SCHEMES:
        return f"only http and https URLs are fetched, not {parts.scheme}:"
    if not parts.hostname:
        return "the URL has no host"
    return None


class FetchError(Exception):
    """A page could not be fetched: `error_type` names the reason, the message explains."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message


@dataclass
class Page:
    url: str  # after redirects
    data: bytes
    content_type: str


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _config(*, timeout: int, max_bytes: int, allow_private: bool) -> Any:
    from trafilatura.settings import use_config

    config = use_config()  # a fresh copy of the defaults
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(timeout))
    config.set("DEFAULT", "MAX_FILE_SIZE", str(max_bytes))
    config.set("DEFAULT", "MAX_REDIRECTS", str(MAX_REDIRECTS))
    config.set("DEFAULT", "SSRF_PROTECTION", "off" if allow_private else "on")
    # A certificate that fails must not be retried unverified: the text would be untrusted.
    config.set("DEFAULT", "INSECURE_SSL_FALLBACK", "off")
    return config


def _reason(messages: list[str]) -> FetchError:
    text = " ".join(messages)
    for pattern, error_type, message in _REASONS:
        if pattern.search(text):
            return FetchError(error_type, message)
    detail = messages[-1] if messages else "no response"
    return FetchError("FetchFailed", detail[:300])


def fetch(url: str, *, allow_private: bool = False, timeout: int = FETCH_TIMEOUT,
          max_bytes: int = MAX_BYTES) -> Page:
    """The page at `url`, or FetchError saying why not."""
    if problem := url_problem(url):
        raise FetchError("UnsupportedURL", problem)
    from trafilatura.downloads import fetch_response

    logger = logging.getLogger("trafilatura.downloads")
    capture, propagate = _Capture(), logger.propagate
    logger.addHandler(capture)
    logger.propagate = False  # our message replaces trafilatura's log line
    try:
        response = fetch_response(url, config=_config(timeout=timeout, max_bytes=max_bytes,
                                                       allow_private=allow_private))
    finally:
        logger.removeHandler(capture)
        logger.propagate = propagate
    if response is None:
        raise _reason(capture.messages)
    if response.status != 200:
        raise FetchError("HTTPStatus", f"the server answered HTTP {response.status}")
    if not response.data:
        raise FetchError("EmptyPage", "the server sent no content")
    headers = getattr(response, "headers", None) or {}
    return Page(url=response.url or url, data=bytes(response.data),
                content_type=str(headers.get("content-type", "")))


def _file_name(page: Page) -> str:
    """A file name for the page's bytes: the URL's last path segment (readers take date hints
    from names) with a suffix for its content type when it has none."""
    segment = unquote(urlsplit(page.url).path.rstrip("/").rsplit("/", 1)[-1])
    name = re.sub(r"[^\w.-]+", "-", segment).strip(".-")[:100] or "page"
    subtype = page.content_type.split(";")[0].strip().lower().rsplit("/", 1)[-1]
    subtype = subtype.rsplit("+", 1)[-1] if "+" in subtype else subtype
    if "." not in name and subtype in _SUFFIXES:
        name += _SUFFIXES[subtype]
    return name


def read_url(url: str, *, published: str | None = None, kind: str | None = None,
             field_map: dict[str, str] | None = None, allow_private: bool = False,
             ) -> Iterator[Document | IngestError]:
    """Documents (or IngestErrors) from the page at `url`. Never raises for a bad page."""
    from pipeline.ingest import read_path

    try:
        page = fetch(url, allow_private=allow_private)
    except FetchError as error:
        yield IngestError(url, "fetch", error.error_type, f"{url}: {error.message}")
        return
    folder = Path(tempfile.mkdtemp(prefix="dateline-fetch-"))
    try:
        target = folder / _file_name(page)
        target.write_bytes(page.data)
        temp = str(target)
        for item in read_path(target, published=published, kind=kind, field_map=field_map):
            if isinstance(item, Document):
                item.source = url
                item.url = item.url or page.url
                item.raw_sha256 = sha256_bytes(page.data)
                item.meta = {key: value.replace(temp, url) if isinstance(value, str) else value
                             for key, value in (item.meta or {}).items()}
            else:
                item.path = url
                item.message = item.message.replace(temp, url)
            yield item
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def iter_inputs(inputs: list[str] | tuple[str, ...]) -> Iterator[str | Path]:
    """What `dateline ingest/analyze` read: URLs as given, files under directories."""
    from pipeline.ingest import iter_paths

    for given in inputs:
        if is_url(given):
            yield str(given)
        else:
            yield from iter_paths([given])


def read_input(item: str | Path, *, allow_private: bool = False,
               **options: Any) -> Iterator[Document | IngestError]:
    """`read_url` for a URL, `read_path` for a file."""
    if is_url(item):
        yield from read_url(str(item), allow_private=allow_private, **options)
    else:
        from pipeline.ingest import read_path

        yield from read_path(item, **options)
