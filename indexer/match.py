"""How clearly a chunk matches, on a scale a researcher can read and set a cut-off on.

Semantic and hybrid: cosine similarity of the chunk to the query (0..1 in practice). Keyword: the
share of the query's words the chunk contains. Fusion scores (RRF) rank well but mean nothing in
absolute terms, so counts ("how many participants say this") are cut on this value instead.
"""

from __future__ import annotations

from indexer.archive import Archive
from indexer.ftsquery import ParsedQuery
from indexer.rerank import matched_terms
from indexer.retrieve import cosines as vector_cosines


def chunk_matches(
    archive: Archive,
    parsed: ParsedQuery,
    query: str,
    semantic: bool,
    chunks: list[tuple[int, str, float]],
    cosines: dict[int, float],
    spans: dict[int, tuple[tuple[int, int], ...]],
) -> dict[int, float]:
    """rowid → match value for every candidate chunk."""
    rowids = [c[0] for c in chunks]
    if semantic:
        missing = [r for r in rowids if r not in cosines]
        if missing:
            found = vector_cosines(archive, query, archive.chunk_rows(missing))
            cosines.update({r: found.get(r, 0.0) for r in missing})  # no vector yet: no closeness
        return {r: round(cosines[r], 4) for r in rowids}
    terms = parsed.positive_words()
    if not terms:
        return dict.fromkeys(rowids, 1.0)
    texts = {r: row["text"] for r, row in archive.chunk_rows(rowids).items()}
    return {r: round(len(matched_terms(texts[r], spans.get(r, ()), terms)) / len(set(terms)), 4)
            for r in rowids}
