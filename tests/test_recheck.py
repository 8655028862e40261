"""``recheck`` against made-up pages on 127.0.0.1: what it finds, and that no server makes it hang, fill memory or
step outside http(s). Every sentence here is invented for these tests; nothing reaches the network."""

from __future__ import annotations

import csv
import gzip
import json
import os
import socketserver
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from moroccous_data.cli import cli
from moroccous_data.publishing import recheck as checking
from moroccous_data.publishing import webpage
from moroccous_data.sentences import fingerprint

pytestmark = pytest.mark.slow  # hostile and slow servers on 127.0.0.1, each bounded by a timeout: the fetcher's robustness, not the data

BARGE = "The barge Lantern Nine reached Port Elwin on 4 March with 40 crates of survey gear."
CLERK = "Harbour clerk Odile Brant counted the crates twice before signing the manifest."
CAFE = "The crew ate at the Café Mérou, whose owner kept a ledger of every ship’s visit."
PAGE = f"""<!doctype html><html><head><title>Elwin harbour log</title>
<style>p {{ color: red }}</style><script>var note = "{CLERK.replace('twice', 'once')}";</script></head>
<body><nav>Home | Log</nav><article><h1>Arrivals</h1>
<p>{BARGE} {CLERK}</p>
<p>Weather was calm.</p></article></body></html>"""
# The barge sentence as a page might break it: at a line break, and at two.
SPLIT_IN_TWO = "<p>The barge Lantern Nine reached Port Elwin on 4 March<br>with 40 crates of survey gear.</p>"
SPLIT_IN_THREE = ("<p>The barge Lantern Nine<br>reached Port Elwin on 4 March<br>"
                  "with 40 crates of survey gear.</p>")
CHANGED = PAGE.replace("40 crates", "44 crates")
Handler = Callable[[socketserver.StreamRequestHandler], None]
SLACK = 1.5  # seconds past a timeout for a busy machine to start the fetching process and reap it


def _answer(body: bytes | str, kind: str = "text/html; charset=utf-8", status: str = "200 OK",
            headers: tuple[str, ...] = ()) -> Handler:
    data = body.encode("utf-8") if isinstance(body, str) else body

    def handle(request: socketserver.StreamRequestHandler) -> None:
        head = [f"HTTP/1.1 {status}", f"Content-Type: {kind}", f"Content-Length: {len(data)}", *headers, "", ""]
        request.wfile.write("\r\n".join(head).encode("latin-1") + data)

    return handle


def _redirect(to: str, status: str = "301 Moved Permanently") -> Handler:
    return _answer(b"", status=status, headers=(f"Location: {to}",))


def _drip(request: socketserver.StreamRequestHandler) -> None:
    """A valid start, then one byte every 0.2 s for as long as anyone listens."""
    request.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
    while not request.server.stopping.is_set():  # type: ignore[attr-defined]
        request.wfile.write(b"a")
        request.wfile.flush()
        time.sleep(0.2)


def _drip_headers(request: socketserver.StreamRequestHandler) -> None:
    request.wfile.write(b"HTTP/1.1 200 OK\r\n")
    while not request.server.stopping.is_set():  # type: ignore[attr-defined]
        request.wfile.write(b"X-Slow: 1\r\n")
        request.wfile.flush()
        time.sleep(0.2)


def _endless(request: socketserver.StreamRequestHandler) -> None:
    """A body with no length and no end, written as fast as it is read."""
    request.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
    line = b"The tide came in again. " * 2000
    while not request.server.stopping.is_set():  # type: ignore[attr-defined]
        request.wfile.write(line)


def _bomb(megabytes: int) -> bytes:
    """Gzip of ``megabytes`` MiB of spaces: about a thousandth of its size."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * (1 << 20)
    return b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()


def _routes() -> dict[str, Handler]:
    many = tuple(f"X-Filler-{n}: {'z' * 8000}" for n in range(300))
    return {
        "/log.html": _answer(PAGE),
        "/split2.html": _answer(SPLIT_IN_TWO),
        "/split3.html": _answer(SPLIT_IN_THREE),
        "/changed.html": _answer(CHANGED),
        "/old-log": _redirect("/log.html"),
        "/missing": _answer("<p>Nothing here.</p>", status="404 Not Found"),
        "/loop": _redirect("/loop", "302 Found"),
        "/to-file": _redirect("file:///etc/passwd"),
        "/drip": _drip,
        "/drip-headers": _drip_headers,
        "/endless": _endless,
        "/big": _answer("The tide came in again. " * 100_000, kind="text/plain"),
        "/many-headers": _answer(PAGE, headers=many),
        "/long-header": _answer(PAGE, headers=("X-Long: " + "z" * 200_000,)),
        "/photo.png": _answer(b"\x89PNG\r\n\x1a\n" + bytes(64), kind="image/png"),
        "/no-type": lambda r: r.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"),
        "/bad-type": _answer("<p>hi</p>", kind="html"),
        "/latin1-header.html": _answer(f"<p>{CAFE}</p>".encode("cp1252"), kind="text/html; charset=ISO-8859-1"),
        "/latin1-meta.html": _answer(('<html><head><meta http-equiv="Content-Type" content="text/html; '
                                      f'charset=iso-8859-1"></head><body><p>{CAFE}</p></body></html>').encode("cp1252"),
                                     kind="text/html"),
        "/meta-charset.html": _answer(f'<meta charset="windows-1252"><p>{CAFE}</p>'.encode("cp1252"), kind="text/html"),
        "/not-utf8.html": _answer(f"<p>{CAFE}</p>".encode("cp1252"), kind="text/html"),
        "/gzip.html": _answer(gzip.compress(PAGE.encode()), headers=("Content-Encoding: gzip",)),
        "/bomb": _answer(_bomb(64), headers=("Content-Encoding: gzip",)),
        "/tangle.html": _answer("</" * (2 << 20)),
    }


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, routes: dict[str, Handler]) -> None:
        super().__init__(("127.0.0.1", 0), _Request)
        self.routes = routes
        self.stopping = threading.Event()
        self.hits: list[str] = []
        self.serving: Counter[str] = Counter()  # connections still open, by path


class _Request(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        line = self.rfile.readline(65536).decode("latin-1")
        while self.rfile.readline(65536) not in (b"\r\n", b"\n", b""):
            pass
        path = line.split(" ")[1] if line.count(" ") >= 2 else "/"
        server: _Server = self.server  # type: ignore[assignment]
        server.hits.append(path)
        server.serving[path] += 1
        try:
            server.routes.get(path, _answer("<p>No such page.</p>", status="404 Not Found"))(self)
        except OSError:  # the client hung up, as it should on a hostile page
            pass
        finally:
            server.serving[path] -= 1


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    running = _Server(_routes())
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.stopping.set()
    running.shutdown()
    running.server_close()


def _url(server: _Server, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def _fetched(server: _Server, path: str, **bounds: float) -> tuple[webpage.Page, float]:
    began = time.monotonic()
    page = webpage.fetch(_url(server, path), **bounds)  # type: ignore[arg-type]
    return page, time.monotonic() - began


def _one(server: _Server, path: str, citation: dict[str, str], **bounds: float) -> checking.Check:
    source = {"id": "harbour-log", "url": _url(server, path)}
    (check,) = checking.recheck([source], [{"source_id": "harbour-log", "record_table": "sales",
                                            "record_id": "barge", **citation}], **bounds)  # type: ignore[arg-type]
    return check


# What is found, and what is not


def test_a_quote_on_the_page_is_found(server: _Server) -> None:
    check = _one(server, "/log.html", {"quote": CLERK, "quote_start": "0", "quote_end": str(len(CLERK))})
    assert (check.evidence, check.status, check.detail) == ("quote", "found", "")


def test_a_quote_in_a_script_is_not_on_the_page(server: _Server) -> None:
    """The script holds a variant of the clerk's sentence: script text is not what a reader sees."""
    check = _one(server, "/log.html", {"quote": CLERK.replace("twice", "once")})
    assert (check.status, check.detail) == ("not-found", "the quote is not on the page")


def test_a_quote_is_found_despite_typographic_quotes_and_spacing(server: _Server) -> None:
    """The page has ship’s; a quote copied with a straight apostrophe, odd spaces and a line break still matches."""
    check = _one(server, "/latin1-header.html", {"quote": "kept a\u00a0 ledger\nof every ship's visit"})
    assert check.status == "found"


def test_a_fingerprint_of_a_sentence_on_the_page_is_found(server: _Server) -> None:
    check = _one(server, "/log.html", {"fingerprint": fingerprint(BARGE), "locator": "paragraph 1, sentence 1"})
    assert (check.evidence, check.status) == ("fingerprint", "found")


@pytest.mark.parametrize("path", ["/split2.html", "/split3.html"])
def test_a_fingerprint_survives_a_page_that_splits_its_sentence(server: _Server, path: str) -> None:
    assert _one(server, path, {"fingerprint": fingerprint(BARGE)}).status == "found"


def test_a_run_of_more_than_three_sentences_is_not_joined(server: _Server) -> None:
    """The limit is part of the promise: four pieces do not make one sentence."""
    four = "<p>The barge<br>Lantern Nine<br>reached Port Elwin on 4 March<br>with 40 crates of survey gear.</p>"
    server.routes["/split4.html"] = _answer(four)
    assert _one(server, "/split4.html", {"fingerprint": fingerprint(BARGE)}).status == "not-found"


def test_a_changed_sentence_is_not_found(server: _Server) -> None:
    check = _one(server, "/changed.html", {"fingerprint": fingerprint(BARGE), "locator": "paragraph 1, sentence 1"})
    assert check.status == "not-found"
    assert check.detail == ("no sentence, nor run of up to 3, has this fingerprint "
                            "(its locator: paragraph 1, sentence 1)")
    assert _one(server, "/changed.html", {"quote": BARGE}).status == "not-found"


def test_a_moved_page_is_followed_and_the_move_reported(server: _Server) -> None:
    check = _one(server, "/old-log", {"fingerprint": fingerprint(BARGE)})
    assert (check.status, check.detail) == ("found", f"moved to {_url(server, '/log.html')}")


def test_a_citation_with_no_evidence_is_not_found() -> None:
    page = webpage.Page("http://127.0.0.1/", "ok", "", "Anything at all.")
    (check,) = checking._checks({"id": "s", "url": "http://127.0.0.1/"},
                                [{"record_table": "sales", "record_id": "r", "quote": "", "fingerprint": None}], page)
    assert (check.status, check.detail) == ("not-found", "the citation has neither a quote nor a fingerprint")


# Statuses for pages that cannot be read


def test_404_is_gone_with_its_status(server: _Server) -> None:
    check = _one(server, "/missing", {"quote": CLERK})
    assert (check.status, check.detail) == ("gone", "HTTP 404 Not Found")


def test_a_redirect_loop_stops_at_five_redirects(server: _Server) -> None:
    before = server.hits.count("/loop")
    page, _ = _fetched(server, "/loop")
    assert page.status == "unreachable" and page.detail.startswith("more than 5 redirects")
    assert server.hits.count("/loop") - before == 6, "the first request and five redirects, no more"


def test_a_redirect_out_of_http_is_refused(server: _Server) -> None:
    page, _ = _fetched(server, "/to-file")
    assert (page.status, page.detail) == (
        "unreachable", "refused: the file scheme; only http and https are fetched")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "data:text/plain,hi", "127.0.0.1/x",
                                 "http:///no-host", "http://127.0.0.1:99999/"])
def test_an_address_that_is_not_http_is_refused_without_a_connection(url: str) -> None:
    page = webpage.fetch(url, timeout=2)
    assert page.status == "unreachable" and page.detail.startswith("refused:"), page


def test_a_closed_port_is_unreachable() -> None:
    with socketserver.TCPServer(("127.0.0.1", 0), socketserver.BaseRequestHandler) as closed:
        port = closed.server_address[1]
    page = webpage.fetch(f"http://127.0.0.1:{port}/", timeout=2)
    assert page.status == "unreachable" and page.detail.startswith("connection failed"), page


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_a_slow_drip_ends_at_the_timeout(server: _Server, path: str) -> None:
    page, took = _fetched(server, path, timeout=1.0)
    assert (page.status, page.detail) == ("unreachable", "timed out: no complete answer within 1 s")
    assert took < 1.0 + SLACK
    let_go = time.monotonic() + 3
    while server.serving[path] and time.monotonic() < let_go:
        time.sleep(0.05)
    assert not server.serving[path], "the connection was cut, not left reading in the background"


def test_a_page_that_ties_the_html_parser_in_knots_ends_at_the_timeout(server: _Server) -> None:
    """html.parser is quadratic on some malformed input (minutes for this page on Python 3.11.7): the fetch still
    ends on time, and nothing keeps parsing in this process afterwards."""
    page, took = _fetched(server, "/tangle.html", timeout=2.0)
    assert took < 2.0 + SLACK and page.status in ("ok", "unreachable"), page  # ok where a Python parses it fast
    busy = time.process_time()
    time.sleep(1)
    assert time.process_time() - busy < 0.3


def test_an_endless_body_ends_at_the_size_cap(server: _Server) -> None:
    page, took = _fetched(server, "/endless", max_bytes=1 << 20, timeout=10)
    assert (page.status, page.detail) == ("not-text", f"too large: more than {1 << 20} bytes; stopped reading")
    assert took < 5


def test_a_declared_length_over_the_cap_is_refused_before_reading(server: _Server) -> None:
    page, _ = _fetched(server, "/big", max_bytes=1000)
    assert (page.status, page.detail) == ("not-text", "too large: more than 1000 bytes; stopped reading")
    assert _fetched(server, "/big")[0].status == "ok"


def test_a_gzip_bomb_is_capped_after_decompression(server: _Server) -> None:
    """64 MiB of spaces in 64 KiB of gzip: never inflated much past the 1 MiB cap, even for a moment."""
    page, took = _fetched(server, "/bomb", max_bytes=1 << 20, timeout=10)
    assert (page.status, page.detail) == ("not-text", f"too large: more than {1 << 20} bytes; stopped reading")
    assert took < 5
    tracemalloc.start()  # in this process, what the child process runs, to see its memory
    try:
        assert webpage._fetch(_url(server, "/bomb"), 10, 1 << 20) == page
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20


def test_a_gzip_page_is_read(server: _Server) -> None:
    assert _one(server, "/gzip.html", {"fingerprint": fingerprint(BARGE)}).status == "found"


@pytest.mark.parametrize("path", ["/many-headers", "/long-header"])
def test_huge_headers_are_refused(server: _Server, path: str) -> None:
    page, took = _fetched(server, path, timeout=5)
    assert page.status == "unreachable" and page.detail.startswith("not a valid HTTP answer"), page
    assert took < 5


@pytest.mark.parametrize(("path", "detail"), [("/photo.png", "content type image/png"),
                                              ("/no-type", "content type missing"),
                                              ("/bad-type", "content type html")])
def test_a_page_that_is_not_text_is_not_read_as_text(server: _Server, path: str, detail: str) -> None:
    assert _one(server, path, {"quote": "PNG"}).status == "not-text"
    assert _fetched(server, path)[0].detail == detail


@pytest.mark.parametrize("path", ["/latin1-header.html", "/latin1-meta.html", "/meta-charset.html"])
def test_a_declared_charset_is_used(server: _Server, path: str) -> None:
    assert _one(server, path, {"fingerprint": fingerprint(CAFE)}).status == "found"
    assert _one(server, path, {"quote": "Café Mérou"}).status == "found"


def test_an_undeclared_charset_that_is_not_utf8_is_not_text(server: _Server) -> None:
    page, _ = _fetched(server, "/not-utf8.html")
    assert (page.status, page.detail) == ("not-text", "the body is not valid utf-8")


# The Wayback Machine address


def test_wayback_gives_the_copy_of_the_day_read() -> None:
    url = "https://news.example.org/2025/05/harbour?id=7"
    assert checking.wayback(url, "2025-05-06") == f"https://web.archive.org/web/20250506/{url}"
    assert checking.wayback(url, date(2025, 5, 6)) == f"https://web.archive.org/web/20250506/{url}"


# The command: what it reads, what it prints, how it exits


def _seeds(folder: Path, server: _Server, citations: list[dict[str, str]], accessed: str = "2025-05-06") -> Path:
    folder.mkdir()
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["id", "url", "accessed"], lineterminator="\n")
        writer.writeheader()
        writer.writerow({"id": "harbour-log", "url": _url(server, "/log.html"), "accessed": accessed})
        writer.writerow({"id": "held-text", "url": "", "accessed": ""})
    columns = ["record_table", "record_id", "source_id", "role", "quote", "quote_start", "quote_end", "note",
               "locator", "fingerprint"]
    with (folder / "citations.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows({"record_table": "sales", "source_id": "harbour-log", "role": "states", **c} for c in citations)
    return folder


FOUND = [{"record_id": "barge", "fingerprint": fingerprint(BARGE), "locator": "paragraph 1, sentence 1"},
         {"record_id": "clerk", "quote": CLERK}]


def test_all_found_exits_0_with_the_json_list(server: _Server, tmp_path: Path) -> None:
    seeds = _seeds(tmp_path / "seeds", server, FOUND)
    result = CliRunner().invoke(cli, ["recheck", "--seeds", str(seeds), "--format", "json"])
    assert result.exit_code == 0, result.output
    archived = f"https://web.archive.org/web/20250506/{_url(server, '/log.html')}"
    assert json.loads(result.output) == [
        {"source_id": "harbour-log", "url": _url(server, "/log.html"), "record_table": "sales", "record_id": "barge",
         "evidence": "fingerprint", "status": "found", "detail": "", "wayback": archived},
        {"source_id": "harbour-log", "url": _url(server, "/log.html"), "record_table": "sales", "record_id": "clerk",
         "evidence": "quote", "status": "found", "detail": "", "wayback": archived}]


def test_some_not_found_exits_1_and_the_text_names_each(server: _Server, tmp_path: Path) -> None:
    seeds = _seeds(tmp_path / "seeds", server, [*FOUND, {"record_id": "tug", "quote": "A tug sank."}])
    result = CliRunner().invoke(cli, ["recheck", "harbour-log", "--seeds", str(seeds)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"harbour-log  {_url(server, '/log.html')}",
        f"  archived: https://web.archive.org/web/20250506/{_url(server, '/log.html')}",
        "  found       sales barge (fingerprint)",
        "  found       sales clerk (quote)",
        "  not-found   sales tug (quote): the quote is not on the page",
        "2 of 3 citation(s) found on 1 page(s); 1 not-found"]


@pytest.mark.parametrize(("arguments", "message"), [
    (["no-such-source"], "no source 'no-such-source'; the sources are: harbour-log, held-text"),
    (["held-text"], "no address to fetch for held-text (sources.url is empty)"),
])
def test_a_source_that_cannot_be_fetched_exits_2(server: _Server, tmp_path: Path, arguments: list[str],
                                                  message: str) -> None:
    seeds = _seeds(tmp_path / "seeds", server, FOUND)
    result = CliRunner().invoke(cli, ["recheck", *arguments, "--seeds", str(seeds), "--format", "json"])
    assert result.exit_code == 2 and result.output == f"Error: {message}\n"


@pytest.mark.parametrize(("table", "header", "row", "message"), [
    ("sources.csv", "id,link", "harbour-log,http://127.0.0.1/", "sources.csv: no column url"),
    ("sources.csv", "id,url,accessed", "harbour-log,http://127.0.0.1/,last May",
     "source harbour-log: accessed 'last May' is not a day (YYYY-MM-DD)"),
    ("citations.csv", "record_table,source_id,quote", "sales,harbour-log,A tug sank.", "citations.csv: no column record_id"),
])
def test_seeds_the_command_cannot_read_exit_2(tmp_path: Path, server: _Server, table: str, header: str, row: str,
                                               message: str) -> None:
    seeds = _seeds(tmp_path / "seeds", server, FOUND)
    (seeds / table).write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["recheck", "--seeds", str(seeds)])
    assert result.exit_code == 2 and result.output.startswith("Error: ") and result.output.endswith(message + "\n")


IRREGULAR = "is not a regular file (a folder, FIFO or device); give a plain file"


def test_seeds_that_are_not_regular_files_exit_2_without_reading(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").mkdir()
    os.mkfifo(tmp_path / "citations.csv")
    result = CliRunner().invoke(cli, ["recheck", "--seeds", str(tmp_path)])
    assert (result.exit_code, result.output) == (2, f"Error: {tmp_path / 'sources.csv'} {IRREGULAR}\n")
    (tmp_path / "sources.csv").rmdir()
    (tmp_path / "sources.csv").write_text("id,url\nx,http://127.0.0.1/\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["recheck", "--seeds", str(tmp_path)])
    assert (result.exit_code, result.output) == (2, f"Error: {tmp_path / 'citations.csv'} {IRREGULAR}\n")


def test_the_installed_command_exits_by_its_findings(server: _Server, tmp_path: Path) -> None:
    """The real command, as a user runs it: 0 when all are found, 1 when one is gone, 2 with nothing to read; and it
    leaves no file behind, in the working folder or the home folder."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "moroccous_data", "recheck", *arguments, "--format", "json"],
                              capture_output=True, text=True, timeout=60, check=False, cwd=work,
                              env={**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
                                   "PYTHONDONTWRITEBYTECODE": "1"})

    seeds = _seeds(tmp_path / "seeds", server, FOUND)
    assert run("--seeds", str(seeds)).returncode == 0
    with (seeds / "sources.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(f"gone-page,{_url(server, '/missing')},\n")
    with (seeds / "citations.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("sales,barge,gone-page,states,,,,,,sha256:00\n")
    found = run("--seeds", str(seeds))
    assert found.returncode == 1
    assert [(c["source_id"], c["status"], c["wayback"]) for c in json.loads(found.stdout)][-1] == \
        ("gone-page", "gone", None)
    assert run("--seeds", str(tmp_path / "nowhere")).returncode == 2
    assert not any(home.iterdir()) and not any(work.iterdir()), "no cookie, cache or other file is written"


def test_the_command_reads_the_installed_data_by_default(monkeypatch: pytest.MonkeyPatch, server: _Server) -> None:
    sources, citations = checking.installed_rows()
    assert {"id", "url"} <= set(sources[0]) and {"source_id", "record_table", "record_id", "quote"} <= set(citations[0])
    monkeypatch.setattr(checking, "installed_rows", lambda: (
        [{"id": "harbour-log", "url": _url(server, "/changed.html")}],
        [{"source_id": "harbour-log", "record_table": "sales", "record_id": "barge", "quote": BARGE}]))
    result = CliRunner().invoke(cli, ["recheck", "--format", "json"])
    assert result.exit_code == 1 and json.loads(result.output)[0]["status"] == "not-found"


def test_the_command_defaults_are_the_fetchers() -> None:
    params = {p.name: p.default for p in cli.commands["recheck"].params}
    assert (params["timeout"], params["max_bytes"]) == (webpage.TIMEOUT, webpage.MAX_BYTES)
