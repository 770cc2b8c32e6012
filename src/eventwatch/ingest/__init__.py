"""Ingest stage: files, directories or stdin -> cleaned :class:`Document` values.

Public API::

    load_docs_meta(path) -> dict[str, dict]
    ingest_paths(paths, docs_meta=None, published=None, max_bytes=5_000_000,
                 near_duplicates=None) -> Iterator[Document | IngestError]
    ingest_bytes(data, name="<stdin>", ...) -> Iterator[Document | IngestError]
    clean(text) -> Cleaned;  detect_language(text) -> str | None
    NearDuplicateIndex (see :mod:`eventwatch.ingest.dedup`)

Per-input problems never raise: each yields one :class:`IngestError` with a one-line reason
and the batch goes on.  Only misconfiguration raises (:class:`IngestFailure`: an explicit
``docs_meta`` file that is malformed).

Metadata precedence, per field: ``published`` argument (published_source="override") >
explicit ``docs_meta`` > a ``docs.jsonl`` beside the input > the input's own metadata
(text header block "header"; JSON/HTML/feed fields "metadata").
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from eventwatch.errors import EventwatchError, IngestFailure
from eventwatch.models import Document, IngestError, content_hash

from ._meta import load_docs_meta
from .clean import Cleaned, clean
from .dedup import NearDuplicateIndex
from .language import detect_language
from .readers import (
    FORMATS,
    BadInput,
    NotAnArticle,
    RawItem,
    check_binary,
    declared_charset,
    decode,
    read_feed,
    read_html,
    read_json,
    read_jsonl,
    read_text,
    sniff,
)

__all__ = [
    "BadInput",
    "Cleaned",
    "EventwatchError",
    "IngestFailure",
    "NearDuplicateIndex",
    "clean",
    "detect_language",
    "ingest_bytes",
    "ingest_paths",
    "load_docs_meta",
    "read_bounded",
]

log = logging.getLogger(__name__)

SIDECAR = "docs.jsonl"
STDIN = "-"
_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 25


# Document-like binaries are still read so that the user gets a clear one-line error for them.
_BINARY_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".odt", ".rtf", ".zip", ".gz", ".png", ".jpg", ".jpeg", ".gif"})


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, read in chunks and never more than ``max_bytes + 1`` of them.

    ``stat().st_size`` is 0 for ``/dev/zero``, FIFOs and devices, so the size is checked while
    reading; anything but a regular file (after following symlinks) is refused outright."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise BadInput(f"not a regular file ({_file_kind(st.st_mode)}); refusing to read it")
    if st.st_size > max_bytes:
        raise BadInput(f"file too large ({st.st_size} bytes > max_bytes={max_bytes})")
    chunks: list[bytes] = []
    total = 0
    with open(path, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # swapped between stat and open
            raise BadInput("not a regular file; refusing to read it")
        while chunk := f.read(min(1 << 20, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise BadInput(f"file too large (more than max_bytes={max_bytes} bytes)")
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "directory")):
        if test(mode):
            return name
    return "special file"


def _drop_nul(it: RawItem) -> None:
    """NUL characters in metadata (a JSON ``\\u0000`` escape): PostgreSQL cannot store them."""
    for name in ("doc", "title", "url", "publisher"):
        value = getattr(it, name)
        if value and "\x00" in value:
            setattr(it, name, value.replace("\x00", ""))


def _skip_in_dir(name: str) -> bool:
    return name.startswith(".") or name == SIDECAR or name.endswith(".events.jsonl")


def _one_line(s: str) -> str:
    return " ".join(str(s).split())


def _guess_title(text: str) -> str | None:
    """The first line when it looks like a headline: short, no final period, more text follows."""
    first, sep, rest = text.partition("\n")
    t = first.strip().lstrip("#").strip()
    if not sep or not rest.strip() or not t:
        return None
    if len(t) > _TITLE_MAX_CHARS or len(t.split()) > _TITLE_MAX_WORDS or t[-1] in ".,;:!?…":
        return None
    if not any(ch.isalpha() for ch in t):
        return None
    return t


class _Ingester:
    def __init__(
        self,
        docs_meta: dict[str, dict[str, Any]] | None,
        published: date | None,
        max_bytes: int,
        near_duplicates: NearDuplicateIndex | None,
    ) -> None:
        self.docs_meta = docs_meta
        self.published = published
        self.max_bytes = max_bytes
        self.near_duplicates = near_duplicates
        self._sidecars: dict[Path, dict[str, dict[str, Any]] | IngestError | None] = {}

    # ------------------------------------------------------------------ walking
    def run(self, paths: Sequence[str | Path]) -> Iterator[Document | IngestError]:
        for p in paths:
            if str(p) == STDIN:
                yield from self._guard("<stdin>", lambda: self._stdin())
                continue
            path = Path(p)
            try:
                if path.is_dir():
                    yield from self._directory(path)
                elif path.exists():
                    yield from self._guard(str(path), lambda path=path: self._file(path))
                else:
                    yield IngestError(str(path), "no such file or directory")
            except OSError as e:
                yield IngestError(str(path), f"cannot read: {_one_line(e.strerror or str(e))}")

    def _directory(self, root: Path) -> Iterator[Document | IngestError]:
        files: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if _skip_in_dir(name):
                    continue
                suffix = Path(name).suffix.lower()
                if suffix and suffix not in FORMATS and suffix not in _BINARY_SUFFIXES:
                    # source code, spreadsheets, scripts...: not articles; name them explicitly to ingest
                    log.warning("%s: skipped in directory walk (unsupported file type %s)", Path(dirpath) / name, suffix)
                    continue
                files.append(Path(dirpath) / name)
        if not files:
            yield IngestError(str(root), "directory contains no readable files")
            return
        for f in files:
            yield from self._guard(str(f), lambda f=f: self._file(f, in_dir=True))

    def _guard(self, where: str, fn: Any) -> Iterator[Document | IngestError]:
        """Run one input; any exception becomes one IngestError (never raise per file)."""
        try:
            yield from fn()
        except NotAnArticle as e:
            log.info("%s: skipped: %s", where, e)
        except BadInput as e:
            yield IngestError(where, _one_line(str(e)))
        except OSError as e:
            yield IngestError(where, f"cannot read: {_one_line(e.strerror or str(e))}")
        except Exception as e:
            log.exception("unexpected error ingesting %s", where)
            yield IngestError(where, _one_line(f"unexpected error: {type(e).__name__}: {e}"))

    # ------------------------------------------------------------------ inputs
    def _stdin(self) -> Iterator[Document | IngestError]:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is not None:
            data = stream.read(self.max_bytes + 1)
        else:
            s = sys.stdin.read()
            data = s.encode("utf-8", "surrogatepass") if isinstance(s, str) else bytes(s)
        if len(data) > self.max_bytes:
            raise BadInput(f"input larger than max_bytes={self.max_bytes}")
        yield from self._bytes(data, where="<stdin>", stem="stdin", suffix="", sidecar=None)

    def _file(self, path: Path, in_dir: bool = False) -> Iterator[Document | IngestError]:
        data = read_bounded(path, self.max_bytes)
        sidecar = self._sidecar(path.parent)
        if isinstance(sidecar, IngestError):
            yield sidecar  # reported once per directory
            sidecar = self._sidecars[path.parent.resolve()] = None
        yield from self._bytes(
            data, where=str(path), stem=path.stem, suffix=path.suffix.lower(), sidecar=sidecar, in_dir=in_dir
        )

    def _sidecar(self, directory: Path) -> dict[str, dict[str, Any]] | IngestError | None:
        key = directory.resolve()
        if key not in self._sidecars:
            f = directory / SIDECAR
            if f.is_file():
                try:
                    self._sidecars[key] = load_docs_meta(f)
                except IngestFailure as e:
                    self._sidecars[key] = IngestError(str(f), _one_line(f"sidecar metadata ignored: {e}"))
            else:
                self._sidecars[key] = None
        return self._sidecars[key]

    def _bytes(
        self,
        data: bytes,
        *,
        where: str,
        stem: str,
        suffix: str,
        sidecar: dict[str, dict[str, Any]] | None,
        in_dir: bool = False,
    ) -> Iterator[Document | IngestError]:
        """Ingest one input's bytes.  ``in_dir``: met in a directory walk, where well-formed
        auxiliary JSON (no article fields at all, e.g. an alias table) is skipped, not an error."""
        if not data.strip():
            raise BadInput("empty file" if not data else "file contains only whitespace")
        check_binary(data)
        fmt = FORMATS.get(suffix) or sniff(data)
        raw_sha = hashlib.sha256(data).hexdigest()
        items: Iterator[RawItem | IngestError]
        note: str | None = None
        if fmt == "feed":
            items = read_feed(data, where)
        else:
            text, note = decode(data, declared=declared_charset(data) if fmt == "html" else None)
            if note:
                log.info("%s: %s", where, note)
            if not text.strip():
                raise BadInput("file contains only whitespace")
            if fmt == "json":
                items = read_json(text, where, skip_auxiliary=in_dir)
            else:
                items = {"text": read_text, "html": read_html, "jsonl": read_jsonl}[fmt](text, where)
        produced = False
        for it in items:
            produced = True
            if isinstance(it, IngestError):
                yield it
            else:
                yield self._document(it, stem=stem, sidecar=sidecar, raw_sha=raw_sha, source_path=where, note=note)
        if not produced:
            raise BadInput("no documents found")

    # ------------------------------------------------------------------ documents
    def _document(
        self,
        it: RawItem,
        *,
        stem: str,
        sidecar: dict[str, dict[str, Any]] | None,
        raw_sha: str,
        source_path: str,
        note: str | None = None,
    ) -> Document | IngestError:
        _drop_nul(it)
        if "\x00" in it.body:
            it.body = it.body.replace("\x00", "")
            note = ((note + "; ") if note else "") + "removed NUL characters"
        cleaned = clean(it.body, offset=it.body_offset)
        if not cleaned.text.strip():
            return IngestError(it.where, "no article text left after removing boilerplate")
        doc = it.doc or (f"{stem}-{it.index}" if it.index is not None else stem)
        d = Document(
            id=content_hash(it.raw),
            doc=doc,
            text=cleaned.text,
            title=it.title,
            url=it.url,
            publisher=it.publisher,
            published=it.published,
            published_source=it.published_source if it.published else None,
            source_path=source_path,
            ingested_at=datetime.now(UTC),
            removed=[*it.removed, *cleaned.removed],
            raw_sha=raw_sha,
            ingest_note=note,
        )
        if d.title is None and it.fmt in ("text", "json"):
            d.title = _guess_title(d.text)
        for meta in (sidecar, self.docs_meta):  # later wins
            rec = meta.get(doc) if meta else None
            if rec:
                for key in ("title", "url", "publisher"):
                    if rec.get(key):
                        setattr(d, key, rec[key])
                if rec.get("published"):
                    d.published, d.published_source = rec["published"], "metadata"
        if self.published is not None:
            d.published, d.published_source = self.published, "override"
        d.language = detect_language(d.text)
        if self.near_duplicates is not None:
            d.near_duplicate_of = self.near_duplicates.add(d.id, d.text)
        return d


def ingest_paths(
    paths: Sequence[str | Path],
    docs_meta: Path | None = None,
    published: date | None = None,
    max_bytes: int = 5_000_000,
    near_duplicates: NearDuplicateIndex | None = None,
) -> Iterator[Document | IngestError]:
    """Ingest files, directories (recursive, sorted) and "-" (stdin).

    Yields one :class:`Document` per article, or one :class:`IngestError` per bad input (the
    batch goes on).  ``docs_meta`` (a docs.jsonl) is read eagerly and raises
    :class:`IngestFailure` when malformed.  When ``near_duplicates`` is given, each document
    is added to it and ``near_duplicate_of`` is set.
    """
    meta = load_docs_meta(Path(docs_meta)) if docs_meta is not None else None
    return _Ingester(meta, published, max_bytes, near_duplicates).run(list(paths))


def ingest_bytes(
    data: bytes,
    name: str = "<stdin>",
    *,
    published: date | None = None,
    max_bytes: int = 5_000_000,
) -> Iterator[Document | IngestError]:
    """Ingest one in-memory input (e.g. an upload); ``name``'s extension picks the format."""
    ing = _Ingester(None, published, max_bytes, None)
    p = Path(name)

    def run() -> Iterator[Document | IngestError]:
        if len(data) > max_bytes:
            raise BadInput(f"input larger than max_bytes={max_bytes}")
        yield from ing._bytes(data, where=name, stem=p.stem or "stdin", suffix=p.suffix.lower(), sidecar=None)

    return ing._guard(name, run)
