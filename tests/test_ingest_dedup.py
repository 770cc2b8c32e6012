"""Identity (content hash) and near-duplicate linking."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwatch.ingest import NearDuplicateIndex, ingest_paths
from eventwatch.models import Document

ORIGINAL = """Houthi drone strike hits fuel depot in Marib

A drone launched by Houthi forces struck a fuel depot on the western edge of Marib city on Sunday night, setting two storage tanks ablaze, local officials said.
The governor's office said firefighters worked for six hours to contain the blaze and that no casualties had been reported among the depot workers, although three nearby houses were damaged by the blast and several families spent the night in a school.
The Saudi-led coalition said its air defences had intercepted a second drone over the Sirwah district earlier in the evening. The coalition later announced air strikes on what it described as Houthi launch sites north of the city, and said it had destroyed a weapons store.
Fighting around Marib, the government's last stronghold in the north, has displaced more than 20,000 families since the Houthis renewed their offensive last year, according to the International Organization for Migration, which runs several camps around the city.
The UN envoy for Yemen called on both sides to halt attacks on civilian infrastructure and to return to talks on a nationwide truce, warning that fuel shortages were already pushing up food prices across the country.
Residents said long queues had formed at petrol stations in the city on Monday morning as traders feared further attacks on storage sites.
"""

EDITED = (
    ORIGINAL.replace("Houthi drone strike hits fuel depot in Marib", "Drone attack sets Marib fuel depot ablaze")
    .replace("on Sunday night", "late on Sunday")
    .replace("six hours", "seven hours")
    .replace("on Monday morning", "on Monday")
)

SAME_TOPIC = """Coalition strikes Houthi positions after Marib depot attack

Saudi-led coalition aircraft carried out more than a dozen air strikes on Houthi positions north and west of Marib on Monday, a day after a drone hit a fuel depot on the edge of the city.
Coalition spokesman said the strikes targeted launch sites, weapons stores and a command centre used to direct attacks on Marib, and that the operations would continue.
Houthi-run media said the strikes hit farms and a water project in Sirwah district and killed two civilians, a claim that could not be independently verified.
The fighting around Marib has forced tens of thousands of families to flee since last year, aid agencies say, and many of the camps around the city are overcrowded.
The UN envoy for Yemen urged restraint and said he would travel to Muscat this week for talks with Houthi negotiators on a truce.
"""


def test_same_content_same_id(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "a.txt").write_text(ORIGINAL)
    (tmp_path / "two" / "b.txt").write_text(ORIGINAL)
    a, b = [d for d in ingest_paths([tmp_path]) if isinstance(d, Document)]
    assert a.id == b.id and a.doc != b.doc and a.raw_sha == b.raw_sha
    [again] = list(ingest_paths([tmp_path / "one" / "a.txt"]))
    assert again.id == a.id and again.text == a.text


def test_lightly_edited_copy_is_linked_other_article_is_not() -> None:
    index = NearDuplicateIndex()
    assert index.add("orig", ORIGINAL) is None
    assert index.add("other", SAME_TOPIC) is None
    assert index.add("copy", EDITED) == "orig"
    assert index.query(ORIGINAL.upper()) == "orig"  # lower-cased shingles
    assert index.add("orig", ORIGINAL) is None  # same id again: no self link
    assert len(index) == 3 and "copy" in index


def test_ingest_links_near_duplicates(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ORIGINAL)
    (tmp_path / "b.txt").write_text(SAME_TOPIC)
    (tmp_path / "c.txt").write_text(EDITED)
    index = NearDuplicateIndex()
    out = {d.doc: d for d in ingest_paths([tmp_path], near_duplicates=index) if isinstance(d, Document)}
    assert out["a"].near_duplicate_of is None and out["b"].near_duplicate_of is None
    assert out["c"].near_duplicate_of == out["a"].id


def test_rebuild_from_signatures_and_texts() -> None:
    index = NearDuplicateIndex()
    index.add("orig", ORIGINAL)
    index.add("other", SAME_TOPIC)
    blobs = [("orig", index.signature_of("orig")), ("other", index.signature_bytes(SAME_TOPIC))]
    assert blobs[0][1] == index.signature_bytes(ORIGINAL)
    rebuilt = NearDuplicateIndex.from_signatures(blobs)
    assert rebuilt.add("copy", EDITED) == "orig"
    rebuilt2 = NearDuplicateIndex.from_texts([("orig", ORIGINAL), ("other", SAME_TOPIC)])
    assert rebuilt2.add("copy", EDITED) == "orig"
    with pytest.raises(ValueError):
        NearDuplicateIndex(num_perm=64).add_signature("x", blobs[0][1])
    assert index.signature_bytes("!!! ...") == b"" and index.add("empty", "") is None


def test_minhash_of_a_long_text_is_built_in_chunks_with_the_same_signature():
    # a long text's shingles go through MinHash in chunks (memory), with the one-shot result
    import numpy as np
    from datasketch import MinHash

    from eventwatch.ingest.dedup import BATCH, SCHEME, SEED, NearDuplicateIndex

    words = [f"w{i % 997} x{i % 13}" for i in range(3 * BATCH)]
    index = NearDuplicateIndex()
    chunked, hashes = index._sketch(" ".join(words))
    assert len(hashes) > BATCH
    whole = MinHash(num_perm=index.num_perm, seed=SEED, scheme=SCHEME)
    whole.update_batch([h.to_bytes(8, "little") for h in hashes])
    assert np.array_equal(chunked.hashvalues, whole.hashvalues)
