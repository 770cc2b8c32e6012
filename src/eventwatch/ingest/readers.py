"""Byte-level checks, decoding and per-format readers.

Every reader turns the bytes of one input into :class:`RawItem` values (one per article)
or :class:`IngestError` values (one per bad input or bad JSONL line / feed item).
"""

from __future__ import annotations

import codecs
import html as htmllib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eventwatch.models import IngestError, Removed

from ._meta import parse_date

log = logging.getLogger(__name__)


class BadInput(Exception):
    """One input cannot be ingested; ``str(e)`` is the one-line reason."""


class NotAnArticle(BadInput):
    """A well-formed auxiliary file (e.g. a JSON mapping with no article fields) met in a directory walk."""


@dataclass(slots=True)
class RawItem:
    """One article as read from an input, before cleaning."""

    raw: str  # raw decoded text of the item: its content hash is Document.id
    body: str  # text to clean (== raw for plain text minus a header block)
    body_offset: int | None = 0  # position of body in raw (None: body is not a slice of raw)
    doc: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    published_source: str | None = None
    fmt: str = "text"
    removed: list[Removed] = field(default_factory=list)
    where: str = ""  # path, or path:line / path[n] for items of a multi-item file
    index: int | None = None  # item number in a multi-item file (doc falls back to <stem>-<index>)


# --------------------------------------------------------------------------- bytes
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (OLE) document"),
    (b"RIFF", "RIFF media file"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_CONTROLS = {9, 10, 12, 13, 27}


def check_binary(data: bytes) -> None:
    """Raise BadInput for binary content (magic numbers, NUL bytes, many control bytes)."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BadInput(f"binary file ({what}), not text")
    if any(data.startswith(b) for b, _ in _BOMS if b != codecs.BOM_UTF8):
        return  # UTF-16/32 with a BOM legitimately contains NUL bytes
    head = data[:8192]
    nul = data.find(b"\x00")
    if nul >= 0:  # anywhere, not only in the head: PostgreSQL cannot store NUL in text
        raise BadInput(f"binary file (NUL byte at offset {nul}), not text")
    ctrl = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    if head and ctrl / len(head) > 0.05:
        raise BadInput(f"binary file ({ctrl} control bytes in the first {len(head)}), not text")


# --------------------------------------------------------------------------- decoding
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.\-]+)["']""", re.IGNORECASE)
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf\u2018-\u203a™œž]")
_LETTER = re.compile(r"[^\W\d_]")
_C1 = re.compile("[\u0080-\u009f]")


def declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _garbage_reason(text: str) -> str | None:
    """Why ``text`` looks like garbage (replacement chars, C1 controls, binary-ish), else None."""
    n = max(1, len(text))
    letters = max(1, len(_LETTER.findall(text)))
    repl = text.count("\ufffd")
    if repl and ((repl >= 5 and repl / letters > 0.01) or repl / letters > 0.1):
        return f"garbled text: {repl} replacement characters (U+FFFD); wrong or mixed encoding"
    c1 = len(_C1.findall(text))
    if c1 / n > 0.01:
        return f"garbled text: {c1} C1 control characters; wrong encoding"
    ctrl = sum(1 for ch in text if ord(ch) < 32 and ord(ch) not in _TEXT_CONTROLS)
    if ctrl / n > 0.02:
        return f"garbled text: {ctrl} control characters"
    return None


def _looks_like_single_byte_text(text: str) -> bool:
    """A cp1252/latin-1 decoding is plausible: mostly ASCII letters, few odd symbols."""
    if _C1.search(text):
        return False
    letters = _LETTER.findall(text)
    if not letters:
        return False
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    symbols = sum(1 for ch in text if ord(ch) > 127 and not ch.isalpha() and not ch.isspace())
    return non_ascii / len(letters) <= 0.3 and symbols / max(1, len(text)) <= 0.05


def _repair_mojibake(text: str) -> str | None:
    """UTF-8 that was decoded as cp1252 and re-encoded ("Ã©", "â€™"): undo it when exact."""
    hits = len(_MOJIBAKE.findall(text))
    if hits < 3:
        return None
    for enc in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return fixed
    letters = max(1, len(_LETTER.findall(text)))
    if hits / letters > 0.01:
        raise BadInput(f"garbled text: {hits} mojibake sequences (double-encoded UTF-8) that cannot be repaired")
    return None


def decode(data: bytes, *, declared: str | None = None) -> tuple[str, str | None]:
    """Decode bytes to text: BOM, declared charset, UTF-8 strict, then cp1252/latin-1.

    Returns ``(text, note)`` where ``note`` says how a non-UTF-8 input was decoded. A charset
    declaration that contradicts valid non-ASCII UTF-8 bytes is ignored (mis-declared pages).
    Raises :class:`BadInput` for undecodable or garbled content.
    """
    note: str | None = None
    text: str | None = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as e:
                raise BadInput(f"not valid {enc} despite its byte-order mark ({e.reason} at byte {e.start})") from e
            break
    if text is None:
        utf8: str | None
        try:
            utf8 = data.decode("utf-8")
        except UnicodeDecodeError:
            utf8 = None
        if declared and declared not in ("utf-8", "ascii") and not (utf8 is not None and not utf8.isascii()):
            try:
                text = data.decode(declared)
                if declared not in ("utf-8", "ascii"):
                    note = f"decoded as declared {declared}"
            except (UnicodeDecodeError, LookupError):
                text = None
        if text is None and utf8 is not None:
            text = utf8
            if declared and declared not in ("utf-8", "ascii"):
                note = f"declared {declared} but valid UTF-8; decoded as UTF-8"
        if text is None:
            for enc in ("cp1252", "latin-1"):
                try:
                    cand = data.decode(enc)
                except UnicodeDecodeError:
                    continue
                if _looks_like_single_byte_text(cand):
                    text, note = cand, f"not valid UTF-8; decoded as {enc}"
                    break
            if text is None:
                raise BadInput("not valid UTF-8 and not plausible cp1252/latin-1 text (unknown encoding or garbage)")
    fixed = _repair_mojibake(text)
    if fixed is not None:
        text, note = fixed, ((note + "; ") if note else "") + "repaired double-encoded UTF-8"
    reason = _garbage_reason(text)
    if reason:
        raise BadInput(reason)
    return text, note


# --------------------------------------------------------------------------- format detection
FORMATS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}


def sniff(data: bytes) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        first = head.split(b"\n", 1)[0].strip()
        if head.startswith(b"{") and first.endswith(b"}") and len(data.strip().splitlines()) > 1:
            return "jsonl"
        return "json"
    if head.startswith(b"<"):
        if re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head):
            return "feed"
        if re.search(rb"<(!doctype html|html|head|body|p|div|article)[\s>]", head):
            return "html"
        if head.startswith(b"<?xml"):
            return "feed"
        return "html"
    return "text"


# --------------------------------------------------------------------------- plain text
_HEADER_LINE = re.compile(r"[ \t]*([A-Za-z][A-Za-z \-]{0,20}?)[ \t]*:[ \t]*(\S.*?)[ \t]*")
_HEADER_KEYS = {
    "title": "title", "headline": "title",
    "date": "published", "published": "published", "publication date": "published", "pubdate": "published",
    "source": "publisher", "publisher": "publisher", "site": "publisher", "outlet": "publisher",
    "url": "url", "link": "url",
    "author": None, "by": None, "byline": None, "language": None, "lang": None, "id": None, "doc": None,
}


def _parse_header(text: str) -> tuple[dict[str, str], int]:
    """A ``Key: value`` block at the very top followed by a blank line -> (fields, body start)."""
    fields: dict[str, str] = {}
    pos = 0
    n = 0
    while True:
        nl = text.find("\n", pos)
        if nl < 0:
            return {}, 0  # no blank line after the block: not a header
        line = text[pos:nl].rstrip("\r")
        if not line.strip():
            if not fields and n == 0:
                return {}, 0
            return (fields, nl + 1) if n else ({}, 0)
        m = _HEADER_LINE.fullmatch(line)
        if not m or m.group(1).strip().lower() not in _HEADER_KEYS or n >= 12:
            return {}, 0
        key = _HEADER_KEYS[m.group(1).strip().lower()]
        if key and key not in fields:
            fields[key] = m.group(2)
        n += 1
        pos = nl + 1


def read_text(text: str, where: str) -> Iterator[RawItem | IngestError]:
    fields, body_start = _parse_header(text)
    item = RawItem(raw=text, body=text[body_start:], body_offset=body_start, fmt="text", where=where)
    if body_start:
        item.removed.append(Removed("header", text[:body_start].rstrip("\r\n"), 0, len(text[:body_start].rstrip("\r\n"))))
        item.title = fields.get("title")
        item.url = fields.get("url")
        item.publisher = fields.get("publisher")
        if "published" in fields:
            item.published = parse_date(fields["published"])
            if item.published:
                item.published_source = "header"
    yield item


# --------------------------------------------------------------------------- HTML
_BLOCK_END = re.compile(r"<\s*(br|hr)\s*/?\s*>|</\s*(p|div|li|h[1-6]|blockquote|tr|section|article|pre|ul|ol)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_WORDISH = re.compile(r"[^\W\d_]{2,}")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def html_fragment_to_text(fragment: str) -> str:
    """Strip tags from a small HTML fragment (feed item, CMS body), keeping block breaks."""
    s = _SCRIPT.sub(" ", fragment)
    s = _BLOCK_END.sub("\n\n", s)
    s = _TAG.sub("", s)
    s = htmllib.unescape(s)
    s = re.sub(r"[ \t\u00a0]+", " ", s)
    s = re.sub(r" *\n *", "\n", s)
    return re.sub(r"\n{3,}", "\n\n", s).strip()


def looks_like_html(s: str) -> bool:
    return bool(re.search(r"<\s*(p|div|br|a|span|strong|em|b|i|h[1-6]|ul|li|img|blockquote)\b[^>]*>", s[:5000], re.IGNORECASE))


def read_html(text: str, where: str) -> Iterator[RawItem | IngestError]:
    import trafilatura

    body: str | None = None
    try:
        body = trafilatura.extract(text, include_comments=False, include_tables=False)
        if not body:
            body = trafilatura.extract(text, include_comments=False, include_tables=False, favor_recall=True)
        if not body:
            _, base, _ = trafilatura.baseline(text)
            body = base if base and len(base.split()) >= 5 else None
    except Exception as e:
        raise BadInput(f"malformed HTML ({type(e).__name__}: {e})") from e
    if not body or len(_WORDISH.findall(body)) < 2:
        raise BadInput("malformed or empty HTML: no main text could be extracted")
    item = RawItem(raw=text, body=body, body_offset=None, fmt="html", where=where)
    item.removed.append(Removed("html", "markup, navigation and page furniture removed by trafilatura"))
    try:
        meta = trafilatura.extract_metadata(text)
    except Exception:  # noqa: BLE001
        meta = None
    if meta is not None:
        item.title = getattr(meta, "title", None) or None
        item.url = getattr(meta, "url", None) or None
        item.publisher = getattr(meta, "sitename", None) or None
        item.published = parse_date(getattr(meta, "date", None))
        if item.published:
            item.published_source = "metadata"
    yield item


# --------------------------------------------------------------------------- JSON
_TEXT_KEYS = ("text", "body", "content")


def _first_str(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        v = obj.get(k)
        if isinstance(v, str) and v.strip():
            return v
        if isinstance(v, (int, float)) and not isinstance(v, bool) and k in ("id", "doc"):
            return str(v)
    return None


def item_from_object(obj: Any, where: str) -> RawItem | IngestError:
    if not isinstance(obj, dict):
        return IngestError(where, f"expected a JSON object, got {type(obj).__name__}")
    text = _first_str(obj, _TEXT_KEYS)
    if text is None:
        return IngestError(where, "JSON object has no non-empty text/body/content field")
    body = text
    offset: int | None = 0
    removed: list[Removed] = []
    if looks_like_html(text):
        body, offset = html_fragment_to_text(text), None
        removed.append(Removed("html", "HTML tags in the JSON text field"))
    item = RawItem(raw=text, body=body, body_offset=offset, fmt="json", where=where, removed=removed)
    item.doc = _first_str(obj, ("doc", "id"))
    item.title = _first_str(obj, ("title", "headline"))
    item.url = _first_str(obj, ("url", "link"))
    item.publisher = _first_str(obj, ("publisher", "source", "site"))
    pub = next((obj[k] for k in ("published", "date", "published_at", "pubDate") if obj.get(k)), None)
    item.published = parse_date(pub)
    if item.published:
        item.published_source = "metadata"
    return item


ARTICLE_KEYS = frozenset(
    {"text", "body", "content", "title", "headline", "url", "link", "doc", "id", "published", "date", "source",
     "publisher"}
)


def read_json(text: str, where: str, *, skip_auxiliary: bool = False) -> Iterator[RawItem | IngestError]:
    """One object or a list of objects.  With ``skip_auxiliary`` (directory walks), an object
    with none of the article keys (an alias table, a config file) raises :class:`NotAnArticle`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise BadInput(f"malformed JSON: {e.msg} at line {e.lineno} column {e.colno}") from e
    except RecursionError:
        raise BadInput("malformed JSON: nested too deeply") from None
    if skip_auxiliary and isinstance(data, dict) and not ({str(k).lower() for k in data} & ARTICLE_KEYS):
        raise NotAnArticle("JSON object with no article fields (auxiliary file)")
    if isinstance(data, dict):
        yield item_from_object(data, where)
    elif isinstance(data, list):
        if not data:
            raise BadInput("JSON list is empty")
        for n, obj in enumerate(data, 1):
            it = item_from_object(obj, f"{where}[{n}]")
            if isinstance(it, RawItem):
                it.index = n
            yield it
    else:
        raise BadInput(f"JSON must be an object or a list of objects, got {type(data).__name__}")


def read_jsonl(text: str, where: str) -> Iterator[RawItem | IngestError]:
    any_line = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        any_line = True
        loc = f"{where}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield IngestError(loc, f"malformed JSON line: {e.msg} at column {e.colno}")
            continue
        except RecursionError:
            yield IngestError(loc, "malformed JSON line: nested too deeply")
            continue
        it = item_from_object(obj, loc)
        if isinstance(it, RawItem):
            it.index = n
        yield it
    if not any_line:
        raise BadInput("empty JSONL file")


# --------------------------------------------------------------------------- feeds
def read_feed(data: bytes, where: str) -> Iterator[RawItem | IngestError]:
    """Parse a feed from its bytes only: given a str or bytes, ``feedparser.parse`` would try it
    as a URL or a local file name first (a feed whose content is a path would ingest that file)."""
    import io

    import feedparser

    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as e:
        raise BadInput(f"malformed feed ({type(e).__name__}: {e})") from e
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            raise BadInput(f"malformed XML feed: {str(exc).splitlines()[0] if exc else 'parse error'}")
        raise BadInput("feed has no items")
    publisher = (parsed.get("feed") or {}).get("title") or None
    out: list[RawItem | IngestError] = []
    for n, entry in enumerate(entries, 1):
        out.append(_feed_item(entry, n, f"{where}[{n}]", publisher))
    if parsed.get("bozo") and not any(isinstance(x, RawItem) for x in out):
        exc = parsed.get("bozo_exception")
        raise BadInput(f"malformed XML feed: {str(exc).splitlines()[0] if exc else 'parse error'}")
    yield from out


def _feed_item(e: Any, n: int, loc: str, publisher: str | None) -> RawItem | IngestError:
    raw = ""
    contents = e.get("content") or []
    if contents:
        raw = "\n\n".join(c.get("value", "") for c in contents if c.get("value"))
    if not raw.strip():
        raw = e.get("summary") or e.get("description") or ""
    if not raw.strip():
        return IngestError(loc, "feed item has no content or summary")
    body = html_fragment_to_text(raw)
    if not body:
        return IngestError(loc, "feed item has no text after removing HTML")
    item = RawItem(raw=raw, body=body, body_offset=None if body != raw else 0, fmt="feed", where=loc)
    item.index = n
    item.title = e.get("title") or None
    item.url = e.get("link") or None
    item.publisher = publisher
    t = e.get("published_parsed") or e.get("updated_parsed")
    if t:
        try:
            item.published = date(t[0], t[1], t[2])
            item.published_source = "metadata"
        except (ValueError, TypeError):
            pass
    return item
