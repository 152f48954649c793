"""`dateline ingest DB URL` and `dateline analyze URL` against a local HTTP server: the page
is fetched with trafilatura's fetcher, and every way a fetch fails is one clear, typed error."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.cli_options import EXIT_FAILED, EXIT_USAGE
from pipeline.ingest.fetch import FetchError, fetch

PAGE = (b"<html><head><title>Orbis Cloud ends agent 4</title></head><body><article>"
        b"<h1>Orbis Cloud ends agent 4</h1>"
        b"<p>Orbis Cloud said on Monday it will end support for version 4 of its agent on "
        b"1 September 2025.</p><p>Customers must upgrade before that date, the company told "
        b"partners in a statement.</p></article></body></html>")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith("/slow"):
            time.sleep(3)
        if self.path.startswith(("/orbis", "/slow")):
            body, status = PAGE, 200
        elif self.path.startswith("/big"):
            body, status = b"<p>" + b"x" * 50_000 + b"</p>", 200
        else:
            body, status = b"not here", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (the timeout test)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def invoke(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_ingest_a_url(server, tmp_path, nlp):
    db = tmp_path / "t.db"
    url = f"{server}/orbis-agent-4-2025-03-03.html"
    result = invoke("ingest", db, url, "--allow-private-urls", "--quiet")
    assert result.exit_code == 0, result.output
    assert "inserted:            1" in result.stdout
    source, stored_url, title, text = sqlite3.connect(db).execute(
        "select source, url, title, text from documents").fetchone()
    assert (source, stored_url, title) == (url, url, "Orbis Cloud ends agent 4")
    assert "end support for version 4" in text
    events = sqlite3.connect(db).execute("select count(*) from events").fetchone()[0]
    assert events > 0


def test_analyze_a_url(server, nlp):
    result = invoke("analyze", f"{server}/orbis.html", "--allow-private-urls", "--json")
    assert result.exit_code == 0, result.output
    assert '"title": "Orbis Cloud ends agent 4"' in result.stdout


def test_private_addresses_are_refused_by_default(server, tmp_path, nlp):
    result = invoke("ingest", tmp_path / "t.db", f"{server}/orbis.html", "--quiet")
    assert result.exit_code == EXIT_FAILED
    assert "PrivateAddress" in result.stdout and "--allow-private-urls" in result.stdout


def test_http_errors_and_refused_connections_are_typed_failures(server, tmp_path, nlp):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/x"
    result = invoke("ingest", tmp_path / "t.db", f"{server}/gone.html", closed,
                    "--allow-private-urls", "--quiet")
    assert result.exit_code == EXIT_FAILED
    assert "HTTPStatus (1)" in result.stdout and "HTTP 404" in result.stdout
    assert "ConnectionRefused (1)" in result.stdout


def test_only_http_and_https_urls_are_accepted():
    for url in ("ftp://example.org/notice.txt", "file:///etc/passwd"):
        result = invoke("analyze", url)
        assert result.exit_code == EXIT_USAGE and "only http and https" in result.output


def test_size_limit_and_timeout(server):
    with pytest.raises(FetchError) as too_large:
        fetch(f"{server}/big", allow_private=True, max_bytes=10_000)
    assert too_large.value.error_type == "TooLarge"
    with pytest.raises(FetchError) as slow:
        fetch(f"{server}/slow", allow_private=True, timeout=1)
    assert slow.value.error_type == "Timeout"


def test_offline_is_a_clear_error(monkeypatch):
    def no_network(*args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    with pytest.raises(FetchError) as offline:
        fetch("https://news.example.org/story.html")
    assert offline.value.error_type == "Offline"
    assert "offline" in offline.value.message
