"""Near-duplicate detection: MinHash + LSH over word 5-shingles, confirmed by exact Jaccard.

Exact duplicates are caught upstream by ``Document.id`` equality; this index links a lightly
edited copy (republication with a changed headline, a dropped paragraph, a few edits) to the
earlier document.

Usage::

    index = NearDuplicateIndex(threshold=0.8)
    original = index.add(document.id, document.text)   # None, or the id of an earlier near-dup
    blob = index.signature_of(document.id)              # bytes to persist next to the document

Persistence (for the store): a signature blob (``signature_bytes(text)`` or
``signature_of(doc_id)``) holds the MinHash values *and* the 64-bit hashes of the shingle set,
so a later run can rebuild the index without re-reading texts and still confirm candidates by
exact Jaccard::

    index = NearDuplicateIndex.from_signatures((row.id, row.minhash) for row in rows)
    # or, when only texts are stored:
    index = NearDuplicateIndex.from_texts((row.id, row.text) for row in rows)

Blob layout (little endian): ``b"EWND"``, uint8 version (1), uint16 num_perm, uint32 n,
``num_perm`` uint64 MinHash values, ``n`` sorted uint64 shingle hashes.  A blob made with a
different ``num_perm`` is rejected (ValueError); rebuild from texts in that case.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = ["NearDuplicateIndex", "jaccard", "shingles"]

SHINGLE = 5
SEED = 1
BATCH = 4096  # shingle hashes per MinHash update
SCHEME = "affine32"  # datasketch >= 2 permutation scheme; persisted blobs assume it (version 1)
_MAGIC = b"EWND"
_HEAD = struct.Struct("<4sBHI")
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """Word k-shingles of the lower-cased text (the whole text when shorter than k words)."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) < k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def _hash64(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def jaccard(a: frozenset[int] | set[int], b: frozenset[int] | set[int]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


class NearDuplicateIndex:
    """Index of documents by MinHash; ``add`` returns the id of an earlier near-duplicate."""

    def __init__(self, threshold: float = 0.8, num_perm: int = 128, lsh_threshold: float | None = None) -> None:
        """``threshold``: exact Jaccard of the shingle sets that makes a near-duplicate.

        ``lsh_threshold`` (default ``threshold - 0.2``) is the looser MinHash-LSH banding
        threshold used to find candidates, so pairs just above ``threshold`` are not lost to
        LSH false negatives; every candidate is confirmed by exact Jaccard.
        """
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        lsh_t = lsh_threshold if lsh_threshold is not None else max(0.1, threshold - 0.2)
        self._lsh = MinHashLSH(threshold=lsh_t, num_perm=num_perm)
        self._sets: dict[str, frozenset[int]] = {}
        self._minhash: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}

    # ------------------------------------------------------------------ signatures
    def _sketch(self, text: str) -> tuple[MinHash, frozenset[int]] | None:
        sh = shingles(text)
        if not sh:
            return None
        hashes = frozenset(_hash64(s) for s in sh)
        m = MinHash(num_perm=self.num_perm, seed=SEED, scheme=SCHEME)
        # update_batch builds an (n x num_perm) uint64 matrix: in chunks, a 5 MB text costs
        # megabytes, not a gigabyte (the minimum over chunks is the minimum over all)
        ordered = sorted(hashes)
        for i in range(0, len(ordered), BATCH):
            m.update_batch([h.to_bytes(8, "little") for h in ordered[i : i + BATCH]])
        return m, hashes

    def signature_bytes(self, text: str) -> bytes:
        """Serialised signature of ``text`` (see module docs); b"" for a text with no words."""
        sk = self._sketch(text)
        return b"" if sk is None else self._pack(*sk)

    def _pack(self, m: MinHash, hashes: frozenset[int]) -> bytes:
        hv = np.asarray(m.hashvalues, dtype="<u8")
        sh = np.array(sorted(hashes), dtype="<u8")
        return _HEAD.pack(_MAGIC, 1, self.num_perm, len(sh)) + hv.tobytes() + sh.tobytes()

    def _unpack(self, blob: bytes) -> tuple[MinHash, frozenset[int]]:
        if len(blob) < _HEAD.size:
            raise ValueError("near-duplicate signature too short")
        magic, version, num_perm, n = _HEAD.unpack_from(blob)
        if magic != _MAGIC or version != 1:
            raise ValueError("not an eventwatch near-duplicate signature")
        if num_perm != self.num_perm:
            raise ValueError(f"signature has num_perm={num_perm}, index uses {self.num_perm}")
        expected = _HEAD.size + 8 * (num_perm + n)
        if len(blob) != expected:
            raise ValueError("near-duplicate signature has the wrong length")
        hv = np.frombuffer(blob, dtype="<u8", count=num_perm, offset=_HEAD.size).astype(np.uint64)
        sh = np.frombuffer(blob, dtype="<u8", count=n, offset=_HEAD.size + 8 * num_perm)
        return MinHash(num_perm=num_perm, seed=SEED, hashvalues=hv, scheme=SCHEME), frozenset(int(x) for x in sh)

    def signature_of(self, doc_id: str) -> bytes | None:
        """The blob of an indexed document (to persist), or None when it is not indexed."""
        if doc_id not in self._sets:
            return None
        return self._pack(self._minhash[doc_id], self._sets[doc_id])

    # ------------------------------------------------------------------ queries
    def _best(self, m: MinHash, hashes: frozenset[int], exclude: str | None = None) -> str | None:
        best: tuple[float, int, str] | None = None
        for cand in self._lsh.query(m):
            if cand == exclude:
                continue
            j = jaccard(hashes, self._sets[cand])
            if j >= self.threshold:
                key = (-j, self._order[cand], cand)
                if best is None or key < best:
                    best = key
        return None if best is None else best[2]

    def query(self, text: str) -> str | None:
        """The id of an indexed near-duplicate of ``text`` (best Jaccard, earliest on ties), or None."""
        sk = self._sketch(text)
        return None if sk is None else self._best(*sk)

    def _insert(self, doc_id: str, m: MinHash, hashes: frozenset[int], link: bool) -> str | None:
        if doc_id in self._sets:
            return None  # already indexed (same content id): not a near-duplicate of itself
        original = self._best(m, hashes, exclude=doc_id) if link else None
        self._lsh.insert(doc_id, m)
        self._sets[doc_id] = hashes
        self._minhash[doc_id] = m
        self._order[doc_id] = len(self._order)
        return original

    def add(self, doc_id: str, text: str) -> str | None:
        """Index ``text`` under ``doc_id``; return the id of an earlier near-duplicate or None.

        A text without words is not indexed (None).  Adding an id twice is a no-op (None).
        """
        sk = self._sketch(text)
        return None if sk is None else self._insert(doc_id, *sk, link=True)

    def add_signature(self, doc_id: str, blob: bytes, *, link: bool = True) -> str | None:
        """Like :meth:`add` from a persisted blob (``b""`` is ignored)."""
        if not blob:
            return None
        return self._insert(doc_id, *self._unpack(blob), link=link)

    # ------------------------------------------------------------------ rebuilding
    @classmethod
    def from_signatures(
        cls, pairs: Iterable[tuple[str, bytes]], threshold: float = 0.8, num_perm: int = 128
    ) -> NearDuplicateIndex:
        """Rebuild an index from persisted ``(doc_id, blob)`` pairs (in ingestion order)."""
        index = cls(threshold=threshold, num_perm=num_perm)
        for doc_id, blob in pairs:
            index.add_signature(doc_id, blob, link=False)
        return index

    @classmethod
    def from_texts(
        cls, pairs: Iterable[tuple[str, str]], threshold: float = 0.8, num_perm: int = 128
    ) -> NearDuplicateIndex:
        """Rebuild an index from ``(doc_id, cleaned text)`` pairs (in ingestion order)."""
        index = cls(threshold=threshold, num_perm=num_perm)
        for doc_id, text in pairs:
            sk = index._sketch(text)
            if sk is not None:
                index._insert(doc_id, *sk, link=False)
        return index

    def __len__(self) -> int:
        return len(self._sets)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._sets
