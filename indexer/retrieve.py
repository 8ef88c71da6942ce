"""Candidate retrieval for the search core: BM25 over FTS5, Chroma nearest neighbours, matched-word spans,
NOT terms, required phrases and the evidence rerank. Pure reads of the archive; no ranking policy."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from indexer.archive import Archive
from indexer.filters import Filters
from indexer.ftsquery import ParsedQuery, literal_pattern
from indexer.rerank import QueryEvidence

_MARK_OPEN, _MARK_CLOSE = "\x01", "\x02"  # control chars never survive cleaning, so safe markers
_MARKS = re.compile("([\x01\x02])")


def keyword_ranking(
    archive: Archive, parsed: ParsedQuery, pool: int, answers_only: bool = False
) -> list[tuple[int, str, float]]:
    """(rowid, transcript_id, score) by BM25, best first; score is -bm25 so higher is better.

    answers_only: only the participant's words may match (keyword mode: "who said X" means the
    participant said it). Otherwise the interviewer's question, indexed beside the answer, may
    match too but weighs less: it says what the answer is about ("Are you worried about losing
    skills?" → "Yes, a little"), which hybrid ranking measurably uses.
    """
    rows = archive.keyword.db().execute(
        "SELECT c.rowid, c.transcript_id, bm25(chunks_fts, 1.0, ?) AS s"
        " FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid"
        " WHERE chunks_fts MATCH ? ORDER BY s LIMIT ?",
        (archive.settings.question_weight, parsed.match_expression("text" if answers_only else None), pool),
    )
    return [(r[0], r[1], -float(r[2])) for r in rows]


def answer_matches(archive: Archive, parsed: ParsedQuery) -> set[int]:
    """Every chunk whose answer text matches the query (no ranking, no limit), literals ("C++") included."""
    rows = archive.keyword.db().execute(
        "SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?", (parsed.match_expression("text"),))
    return _admitting(archive, parsed, {r[0] for r in rows}, answers_only=True)


def _admitting(archive: Archive, parsed: ParsedQuery, rowids: set[int], answers_only: bool = False) -> set[int]:
    """The chunks FTS5 matched that also meet the query's words as written (ParsedQuery.literal_groups):
    "C++" only where C++ is written, not every "C"; a quoted "excel" not in "excellent"; an excluded
    "-C++" nowhere. answers_only: a plain alternative counts only in the participant's words, as the
    match it checks did."""
    if not rowids or not parsed.has_literals():
        return rowids
    db = archive.keyword.db()
    for plain, literals in parsed.literal_groups():
        if len(rowids) > LIKE_FROM and not plain and all(_SYMBOL_NAME.fullmatch(lit) for lit in literals):
            # "A+": FTS5 matched every passage with an "a". Narrow by SQLite's own substring scan
            # (~8 ms over the corpus) before reading texts for the regex (0.3 s for all of them).
            likes = " OR ".join("text LIKE ? ESCAPE '\\'" for _ in literals)
            said = {r[0] for r in db.execute(f"SELECT rowid FROM chunks WHERE {likes}",
                                             [f"%{_like(lit)}%" for lit in literals])}
            rowids = rowids & said
    texts = {r: row["text"] for r, row in archive.chunk_rows(sorted(rowids), "rowid, text").items()}
    kept = set(texts)
    for plain, literals in parsed.literal_groups():
        by_word: set[int] = set()
        if plain:  # one MATCH over the archive, intersected: cheaper than one lookup per chunk
            expr = " OR ".join(t.fts() for t in plain)
            expr = f"text : ({expr})" if answers_only else expr
            by_word = {r[0] for r in db.execute("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?", (expr,))}
        patterns = [literal_pattern(lit) for lit in literals]
        kept = {r for r in kept if r in by_word or any(p.search(texts[r]) for p in patterns)}
    unwanted = [literal_pattern(t.literal) for t in parsed.excluded if t.literal]
    return {r for r in kept if not any(p.search(texts[r]) for p in unwanted)}


# Names whose symbols must stand in the text as typed (C++, C#, A+, .NET): a substring test finds every
# passage that can hold them. Letters other than ASCII are left to the regex (LIKE folds ASCII only).
LIKE_FROM = 2000  # below this many FTS5 matches, reading their texts costs less than the scan
_SYMBOL_NAME = re.compile(r"\.[A-Za-z0-9]+(?:\+\+|\+|#)?|[A-Za-z0-9]+(?:\+\+|\+|#)")


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def literal_matches(archive: Archive, parsed: ParsedQuery, chunks: list[tuple[int, str, float]],
                    answers_only: bool = False) -> list[tuple[int, str, float]]:
    """Keyword candidates minus those FTS5 matched only through a symbol name's bare letter."""
    kept = _admitting(archive, ParsedQuery(parsed.groups, ()), {c[0] for c in chunks}, answers_only)
    return [c for c in chunks if c[0] in kept]


def semantic_ranking(archive: Archive, query: str, filters: Filters, pool: int) -> list[tuple[int, str, float]]:
    """(rowid, transcript_id, cosine) from Chroma, best first, filters applied."""
    s = archive.settings
    vector = archive.query_vector(query)
    hits = archive.vectors().query(vector, pool)
    if s.prf_k and hits:
        top = archive.vectors().get_vectors([h[0] for h in hits[: s.prf_k]])
        if top:
            moved = vector + s.prf_beta * np.mean(list(top.values()), axis=0)
            vector = (moved / np.linalg.norm(moved)).astype(np.float32)
            hits = archive.vectors().query(vector, pool)
    if filters.active():
        allowed = {t for t, p in archive.participants.items() if filters.admits(p)}
        kept = [h for h in hits if h[0].rsplit(":", 2)[0] in allowed]
        # A selective filter leaves too little of the unfiltered top; ask Chroma for that subset.
        if len(kept) < pool // 4 and allowed and len(allowed) <= 2000:
            hits = archive.vectors().query(vector, pool, where={"transcript_id": {"$in": sorted(allowed)}})
        else:
            hits = kept
    rowids = archive.rowids_for([h[0] for h in hits])
    return [(rowids[cid], cid.rsplit(":", 2)[0], score) for cid, score in hits if cid in rowids]


def semantic_within(archive: Archive, query: str, rowids: set[int],
                    filters: Filters) -> list[tuple[int, str, float]]:
    """(rowid, transcript_id, cosine) for exactly these chunks, best first, filters applied.

    For queries whose words are required (quotes, AND, C++): rank every passage that has them by
    meaning, rather than keep those that happen to be in the nearest 300 ("C# AND SQL" found 0 of 1).
    """
    rows = archive.chunk_rows(sorted(rowids), "rowid, chunk_id, transcript_id")
    rows = {r: row for r, row in rows.items() if filters.admits(archive.participants.get(row["transcript_id"]))}
    found = cosines(archive, query, rows)
    scored = [(r, rows[r]["transcript_id"], cosine) for r, cosine in found.items()]
    scored.sort(key=lambda c: (-c[2], c[0]))
    return scored


def cosines(archive: Archive, query: str, rows: dict[int, Any]) -> dict[int, float]:
    """rowid → cosine of the query to each given chunk row (with its chunk_id), read from the vector store;
    a chunk with no vector yet is left out."""
    vectors = archive.vectors().get_vectors([row["chunk_id"] for row in rows.values()])
    qv = archive.query_vector(query)
    return {r: float(np.dot(vectors[row["chunk_id"]], qv)) for r, row in rows.items() if row["chunk_id"] in vectors}


def highlights(archive: Archive, parsed: ParsedQuery, rowids: list[int]) -> dict[int, tuple[tuple[int, int], ...]]:
    """Offsets (in each chunk's text) of the words the query matched, sorted and disjoint.

    Plain words: where FTS5's own highlight() puts them (stems included). Words to match as written
    (quoted, C++): where they stand in the text, so a quoted "excel" never marks "excellent" and
    "C++" marks the symbols too, not the bare letter.
    """
    terms = [t for g in parsed.groups for t in g]
    if not terms or not rowids:
        return {}
    found: dict[int, list[tuple[int, int]]] = {}
    plain = [t for t in terms if not t.literal]
    if plain:
        expr = " OR ".join(t.fts() for t in plain)
        for rowid, marked in fts_hits(archive, expr, rowids, "highlight(chunks_fts, 0, char(1), char(2))"):
            spans, pos, start = [], 0, 0
            for part in _MARKS.split(marked):  # C-speed split; a per-character loop cost 260 ms/query
                if part == _MARK_OPEN:
                    start = pos
                elif part == _MARK_CLOSE:
                    spans.append((start, pos))
                else:
                    pos += len(part)
            found[rowid] = spans
    patterns = [literal_pattern(t.literal) for t in terms if t.literal]
    if patterns:
        for rowid, row in archive.chunk_rows(rowids, "rowid, text").items():
            if spans := [m.span() for p in patterns for m in p.finditer(row["text"])]:
                found[rowid] = found.get(rowid, []) + spans
    return {rowid: _disjoint(spans) for rowid, spans in found.items()}


def _disjoint(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Spans sorted, overlapping ones merged (a phrase and a word inside it mark one stretch)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return tuple(out)


def rerank(archive: Archive, evidence: QueryEvidence, chunks: list[tuple[int, str, float]],
            spans: dict[int, tuple[tuple[int, int], ...]]) -> list[tuple[int, str, float]]:
    """Scale each candidate by the evidence its own words give (rerank.QueryEvidence), then re-sort."""
    texts = {r: row["text"] for r, row in archive.chunk_rows([c[0] for c in chunks]).items()}
    scored = [(rowid, tid, score * evidence.factor(texts[rowid], spans.get(rowid, ()))) for rowid, tid, score in chunks]
    scored.sort(key=lambda c: (-c[2], c[0]))
    return scored


def fts_hits(archive: Archive, expr: str, rowids: list[int], column: str) -> list[tuple[int, str]]:
    """(rowid, column) for the given chunks that match `expr`.

    One lookup per chunk: FTS5 seeks to a rowid given with `=`, but with `rowid IN (...)` it
    evaluates the MATCH over the whole corpus first (10x the chunks cost 10x the time).
    """
    db = archive.keyword.db()
    sql = f"SELECT rowid, {column} FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid = ?"
    return [row for rowid in rowids for row in db.execute(sql, (expr, rowid))]


def drop_excluded(archive: Archive, parsed: ParsedQuery, chunks: list[tuple[int, str, float]]) -> list[tuple[int, str, float]]:
    """NOT terms also apply to semantic hits: drop chunks that contain an excluded term."""
    if not chunks:
        return chunks
    plain = [t for t in parsed.excluded if not t.literal]
    bad: set[int] = set()
    if plain:
        expr = " OR ".join(t.fts() for t in plain)
        bad = {rowid for rowid, _ in fts_hits(archive, expr, [c[0] for c in chunks], "1")}
    # "-C++" is checked on the text: FTS5 would drop every chunk with a "C" in it.
    literal = tuple(t for t in parsed.excluded if t.literal)
    kept = _admitting(archive, ParsedQuery((), literal), {c[0] for c in chunks} - bad)
    return [c for c in chunks if c[0] in kept]
