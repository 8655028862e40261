"""A web page read as text for ``recheck``, bounded so that no server can make it hang, fill memory or leave traces.

Each page is fetched and parsed in a child process that is killed at the
deadline: a server that drips a byte at a time defeats any per-read timeout,
and ``html.parser`` is quadratic on some malformed pages in the Python
versions this package supports (a few MiB of ``</`` take minutes on 3.11.7), so
only a process boundary stops both and leaves nothing running. The standard
library's ``http.client`` is used directly rather than an HTTP client package,
because the other bounds need a hand in the loop: the size cap counts
decompressed bytes as zlib produces them (``max_length``, so a gzip bomb never
inflates past it), and redirects are counted and each hop's scheme checked.
No proxy setting, cookie or cache is read or written. HTML becomes text with
``html.parser``: script and style are skipped and block elements end lines, so
the project's splitter sees the page's sentences.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import ssl
import subprocess
import sys
import zlib
from dataclasses import asdict, dataclass
from email.message import Message
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from .._version import __version__

TIMEOUT = 30.0  # seconds per page, redirects included
MAX_BYTES = 5 << 20  # of body per page, counted after decompression
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
TEXT_TYPES = ("text/html", "text/plain")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 << 10
_META_BYTES = 4096  # where a page must declare its charset in a meta tag (the HTML standard says 1024)
_HEADERS = {"User-Agent": f"moroccous-data/{__version__} (recheck)", "Accept": "text/html, text/plain;q=0.9",
            "Accept-Encoding": "gzip, deflate", "Connection": "close"}
# WHATWG decodes these labels as windows-1252, which is what pages that declare them mostly hold (curly quotes).
_WINDOWS_1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii"})
_SKIPPED = frozenset({"script", "style", "template"})
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "td", "th", "title", "tr", "ul",
})


@dataclass(frozen=True)
class Page:
    """What fetching an address gave: ``ok`` with the page's text, else a ``recheck`` status and why."""

    url: str  # the address the answer came from, after redirects
    status: str  # ok, gone, unreachable, not-text
    detail: str = ""
    text: str = ""


class _Refused(Exception):
    def __init__(self, status: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def fetch(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Page:
    """The page at ``url`` as text, within ``timeout`` seconds of wall-clock time whatever the server does."""
    search_path = os.pathsep.join(p for p in sys.path if p)  # the child imports this package from where we did
    with subprocess.Popen([sys.executable, "-P", "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": search_path}) as child:
        try:
            out, err = child.communicate(json.dumps([url, timeout, max_bytes]).encode(), timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            return Page(url, "unreachable", f"timed out: no complete answer within {timeout:g} s")
    if child.returncode:
        last = (err.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"the process fetching {url} failed: {last}")
    return Page(**json.loads(out))


def _child() -> None:
    url, timeout, max_bytes = json.load(sys.stdin)
    json.dump(asdict(_fetch(url, timeout, max_bytes)), sys.stdout)


def _fetch(url: str, timeout: float, max_bytes: int) -> Page:
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        try:
            connection, target = _connection(current, timeout)
        except _Refused as exc:
            return Page(current, exc.status, exc.detail)
        try:
            connection.request("GET", target, headers=_HEADERS)
            response = connection.getresponse()
            if response.status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    return Page(current, "gone", f"HTTP {response.status} with no Location")
                current = urljoin(current, location.strip())
                continue
            if not 200 <= response.status < 300:
                return Page(current, "gone", f"HTTP {response.status} {response.reason}".rstrip())
            return Page(current, "ok", "", _text(response, max_bytes))
        except _Refused as exc:
            return Page(current, exc.status, exc.detail)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            return Page(current, "unreachable", _reason(exc))
        finally:
            connection.close()
    return Page(current, "unreachable", f"more than {MAX_REDIRECTS} redirects (last to {current})")


def _connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    """A connection for ``url`` and the request target, or ``_Refused`` for an address that is not http(s)."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise _Refused("unreachable", f"refused: the {parts.scheme or 'missing'} scheme; only http and https are fetched")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise _Refused("unreachable", f"refused: {exc}") from exc
    if not host:
        raise _Refused("unreachable", "refused: the address names no host")
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~") + (f"?{quote(parts.query, safe='=&%+;/:@!$()*,~?')}"
                                                                   if parts.query else "")
    if parts.scheme == "https":
        return http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context()), target
    return http.client.HTTPConnection(host, port, timeout=timeout), target


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.gaierror):
        return f"address lookup failed ({exc.strerror or exc})"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({getattr(exc, 'verify_message', None) or exc.reason or exc})"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, http.client.HTTPException):
        return f"not a valid HTTP answer ({type(exc).__name__}: {str(exc)[:120]})"
    if isinstance(exc, OSError):
        return f"connection failed ({exc.strerror or exc})"
    return f"refused: {exc}"


def _text(response: http.client.HTTPResponse, max_bytes: int) -> str:
    """The body as text: checked type, decompressed and capped, decoded with the declared charset, HTML parsed."""
    kind = (response.getheader("Content-Type") or "missing").partition(";")[0].strip().lower()
    if kind not in TEXT_TYPES:
        raise _Refused("not-text", f"content type {kind}")
    body = _body(response, max_bytes)
    charset = response.headers.get_content_charset() or (kind == "text/html" and _meta_charset(body)) or "utf-8"
    text = _decoded(body, charset).removeprefix("\ufeff")
    return _html_text(text) if kind == "text/html" else text


def _body(response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    coding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if coding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise _Refused("not-text", f"content encoding {coding} (only gzip and deflate are read)")
    too_large = _Refused("not-text", f"too large: more than {max_bytes} bytes; stopped reading")
    if coding == "identity" and response.length is not None and response.length > max_bytes:
        raise too_large
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32) if coding != "identity" else None  # | 32: gzip or zlib header
    body = bytearray()
    try:
        while chunk := response.read1(_CHUNK):
            if inflater is None:
                body += chunk
            while inflater is not None and chunk and len(body) <= max_bytes:
                body += inflater.decompress(chunk, max_bytes - len(body) + 1)  # never more than one byte past the cap
                chunk = inflater.unconsumed_tail
            if len(body) > max_bytes:
                raise too_large
        if inflater is not None:
            body += inflater.flush()
    except zlib.error as exc:
        raise _Refused("not-text", f"the {coding} body does not decompress ({exc})") from exc
    if len(body) > max_bytes:
        raise too_large
    return bytes(body)


class _MetaCharset(HTMLParser):
    """The charset a ``<meta charset>`` or ``<meta http-equiv="Content-Type">`` tag declares."""

    def __init__(self) -> None:
        super().__init__()
        self.charset: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta" or self.charset:
            return
        values = {name: value or "" for name, value in attrs}
        if values.get("charset"):
            self.charset = values["charset"].strip()
        elif values.get("http-equiv", "").lower() == "content-type":
            header = Message()
            header["Content-Type"] = values.get("content", "")
            self.charset = header.get_content_charset()


def _meta_charset(body: bytes) -> str | None:
    parser = _MetaCharset()
    parser.feed(body[:_META_BYTES].decode("latin-1"))  # every charset a meta tag may declare is ASCII-compatible
    return parser.charset


def _decoded(body: bytes, charset: str) -> str:
    label = charset.strip().lower()
    for encoding in ("cp1252", label) if label in _WINDOWS_1252 else (label,):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
        except LookupError:  # a label Python does not know, or a codec that is no text encoding: UTF-8, as for none
            try:
                return body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _Refused("not-text", f"unknown charset {charset!r}, and the body is not UTF-8") from exc
    raise _Refused("not-text", f"the body is not valid {charset}")


class _Text(HTMLParser):
    """The text a reader sees: script and style dropped, a line break at each block element, spacing as rendered."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skipping += tag in _SKIPPED
        self._pre += tag == "pre"
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._pre:
            self.parts.append(data)
            return
        words = " ".join(data.split())
        self.parts.append(" " * data[:1].isspace() + words + " " * (bool(words) and data[-1:].isspace()))


def _html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


if __name__ == "__main__":
    _child()
