"""The one search core: search(archive, query, filters, mode, by, limit) → SearchResults. No web code here."""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from indexer.archive import Archive, ParticipantInfo
from indexer.errors import BadQuery
from indexer.ftsquery import ParsedQuery, parse_query
from indexer.fusion import ranked, rrf, weighted, weighted_dbsf
from indexer.match import chunk_matches
from indexer.quotes import Passage, passages, text_of
from indexer.rerank import QueryEvidence
from indexer.results import By, Hit, Mode, Quote, SearchResults

_MARK_OPEN, _MARK_CLOSE = "\x01", "\x02"  # control chars never survive cleaning, so safe markers
_MARKS = re.compile("([\x01\x02])")
# A participant's score is their best chunk plus a damped share (Settings.secondary_weight) of the
# next two, so someone who says it twice outranks someone who says it once, without long
# interviews winning by volume.
QUOTES_PER_PARTICIPANT = 3
COMMON_TERM_SHARE = 0.5
RERANK_DEPTH = 200


STYLES = ("collaborative", "delegative", "mixed", "unclear")
COHORTS = ("workforce", "creatives", "scientists")


@dataclass(frozen=True)
class Filters:
    """Metadata filters; an empty tuple means 'any'."""

    cohort: tuple[str, ...] = ()
    occupation_group: tuple[str, ...] = ()  # SOC major-group codes, e.g. "25"
    occupation: str | None = None  # case-insensitive substring of the occupation label
    interaction_style: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # transcript ids a researcher removed from the count
    min_match: float = 0.0  # cut-off on indexer.match values: how clearly a participant must match

    def __post_init__(self) -> None:
        bad = [c for c in self.cohort if c not in COHORTS]
        if bad:
            raise BadQuery(f"unknown cohort {bad[0]!r}; use one of {', '.join(COHORTS)}")
        bad = [s for s in self.interaction_style if s not in STYLES]
        if bad:
            raise BadQuery(f"unknown interaction_style {bad[0]!r}; use one of {', '.join(STYLES)}")
        bad = [g for g in self.occupation_group if not (g.isdigit() and len(g) == 2)]
        if bad:
            raise BadQuery(f"occupation_group {bad[0]!r} is not a 2-digit SOC major group code like 25")
        if not 0.0 <= self.min_match <= 1.0:
            raise BadQuery(f"min_match must be between 0 and 1, got {self.min_match}")

    def active(self) -> bool:
        return bool(self.cohort or self.occupation_group or self.occupation or self.interaction_style
                    or self.exclude)

    def admits(self, p: ParticipantInfo | None) -> bool:
        if p is None:
            return False
        if self.cohort and p.cohort not in self.cohort:
            return False
        if self.occupation_group and p.group_code not in self.occupation_group:
            return False
        if self.occupation and self.occupation.lower() not in p.occupation.value.lower():
            return False
        if self.interaction_style and p.interaction_style.value not in self.interaction_style:
            return False
        return p.transcript_id not in self.exclude


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
    """Every chunk whose answer text matches the query (no ranking, no limit)."""
    rows = archive.keyword.db().execute(
        "SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?", (parsed.match_expression("text"),))
    return {r[0] for r in rows}


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


def _chunk_scores(chunks: list[tuple[int, str, float]]) -> dict[str, list[float]]:
    per: dict[str, list[float]] = defaultdict(list)
    for _, tid, score in chunks:
        per[tid].append(score)
    for scores in per.values():
        scores.sort(reverse=True)
    return per


def _combined(scores: list[float], secondary_weight: float) -> float:
    """A participant's score: the best chunk plus a damped share of the next two."""
    return scores[0] + secondary_weight * sum(scores[1:3])


def _by_participant(found: list[Passage]) -> dict[str, list[Passage]]:
    per: dict[str, list[Passage]] = defaultdict(list)
    for p in found:
        per[p.transcript_id].append(p)
    for items in per.values():
        items.sort(key=lambda p: (-p.score, p.start))
    return per


def highlights(archive: Archive, parsed: ParsedQuery, rowids: list[int]) -> dict[int, tuple[tuple[int, int], ...]]:
    """Offsets (in each chunk's text) of the words FTS5 matched, via its own highlight()."""
    terms = [t for g in parsed.groups for t in g]
    if not terms or not rowids:
        return {}
    expr = " OR ".join(t.fts() for t in terms)
    rows = _fts_hits(archive, expr, rowids, "highlight(chunks_fts, 0, char(1), char(2))")
    out: dict[int, tuple[tuple[int, int], ...]] = {}
    for rowid, marked in rows:
        spans, pos, start = [], 0, 0
        for part in _MARKS.split(marked):  # C-speed split; a per-character loop cost 260 ms/query
            if part == _MARK_OPEN:
                start = pos
            elif part == _MARK_CLOSE:
                spans.append((start, pos))
            else:
                pos += len(part)
        out[rowid] = tuple(spans)
    return out


_CACHE: OrderedDict[tuple[Any, ...], SearchResults] = OrderedDict()
_CACHE_SIZE = 256
_CACHE_LOCK = threading.Lock()


def search(
    archive: Archive,
    query: str,
    filters: Filters | None = None,
    mode: Mode | str = Mode.hybrid,
    by: By | str = By.participant,
    limit: int = 20,
) -> SearchResults:
    """Rank participants (or quotes) for a query; results are cached per build and settings.

    The UI re-runs a search on every click, and researchers search in bursts; a repeated
    search costs a dictionary lookup instead of ~90 ms of CPU.
    """
    archive.refresh()
    status = archive.semantic_status()
    # Key on the settings' content, not their id: an id can be reused once an object is freed.
    key = (str(archive.build), archive.settings.model_dump_json(), query, filters, str(mode), str(by), limit,
           status["embedded"])
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    results = _search(archive, query, filters, mode, by, limit, status)
    with _CACHE_LOCK:
        _CACHE[key] = results
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return results


def _search(archive: Archive, query: str, filters: Filters | None, mode: Mode | str, by: By | str, limit: int,
            status: dict[str, int | bool]) -> SearchResults:
    """The uncached search behind search(), which validates nothing itself and owns the defaults."""
    started = time.perf_counter()
    s = archive.settings
    filters = filters or Filters()
    mode_: Mode = _enum(Mode, mode, "mode")
    by_: By = _enum(By, by, "by")
    mode, by = mode_, by_
    query = query.replace("\x00", " ").strip()
    if not query:
        raise BadQuery("the query is empty; type a few words, e.g. who worries about skill loss")
    if len(query) > s.max_query_chars:
        raise BadQuery(f"the query is {len(query)} characters; the limit is {s.max_query_chars}")
    if not 1 <= limit <= s.max_limit:
        raise BadQuery(f"limit must be between 1 and {s.max_limit}, got {limit}")
    parsed = parse_query(query)
    if not parsed.groups:
        # Semantic search would still rank something for "*" or "-skill", and call it a match.
        if parsed.excluded:
            left_out = " ".join("-" + (f'"{t.text}"' if t.phrase else t.text) for t in parsed.excluded)
            raise BadQuery(f"the query {left_out} only says what to leave out; add a word to search for, "
                           f"e.g. skill loss {left_out}")
        raise BadQuery(f"the query {query!r} has no words to search for; type a few words, "
                       "e.g. who worries about skill loss")
    notice = None
    if mode != Mode.keyword and status["embedded"] == 0:
        notice = "the semantic index is still being built; showing keyword results"
        mode_used = Mode.keyword
    else:
        mode_used = mode
        if mode != Mode.keyword and not status["ready"]:
            notice = f"semantic index {status['embedded']}/{status['total']} chunks; results may be partial"

    pool = s.candidate_pool
    kw: list[tuple[int, str, float]] = []
    sem: list[tuple[int, str, float]] = []
    # BM25 gives a word found in most chunks ("AI" here: 87%) an IDF of ~0, yet scoring it means
    # visiting nearly every chunk; dropping such words keeps the ranking and cuts the time.
    common = {w for w in parsed.positive_words() if archive.doc_share(w) > COMMON_TERM_SHARE}
    parsed = parsed.without(common) if common else parsed
    if mode_used in (Mode.keyword, Mode.hybrid) and parsed.groups:
        kw = [c for c in keyword_ranking(archive, parsed, pool * (4 if filters.active() else 1),
                                         answers_only=mode_used == Mode.keyword)
              if filters.admits(archive.participants.get(c[1]))][:pool]
    if mode_used in (Mode.semantic, Mode.hybrid):
        sem = semantic_ranking(archive, query, filters, pool)
    if mode_used == Mode.hybrid:
        if s.fusion == "rrf":
            fused = rrf([[str(c[0]) for c in kw], [str(c[0]) for c in sem]], k=s.rrf_k)
        elif s.fusion == "dbsf":
            fused = weighted_dbsf({str(c[0]): c[2] for c in kw}, {str(c[0]): c[2] for c in sem}, s.fusion_alpha)
        else:
            fused = weighted({str(c[0]): c[2] for c in kw}, {str(c[0]): c[2] for c in sem}, s.fusion_alpha)
        owner = {c[0]: c[1] for c in kw + sem}
        chunks = [(int(r), owner[int(r)], sc) for r, sc in ranked(fused)]
    else:
        chunks = kw if mode_used == Mode.keyword else sem
    if parsed.excluded:
        chunks = _drop_excluded(archive, parsed, chunks)
    required = parsed.phrases_required()
    if required is not None and mode_used != Mode.keyword:
        said = answer_matches(archive, required)
        chunks = [c for c in chunks if c[0] in said]
        notice = notice or ("quoted words are required: only passages where the participant says them exactly")
    # Matched-word spans for every candidate, computed once: reranking, match values and the
    # highlighted quotes all read them.
    # Only the top of the fused ranking can reach the results, so evidence features are read
    # there (600 candidates cost ~110 ms); a keyword-mode cut-off needs coverage for all of them.
    depth = len(chunks) if (mode_used == Mode.keyword and filters.min_match > 0) else RERANK_DEPTH
    spans = highlights(archive, parsed, [c[0] for c in chunks[:depth]])
    evidence = QueryEvidence.of(query, parsed.positive_words(), s)
    if chunks and evidence.changes_anything():
        chunks = _rerank(archive, evidence, chunks[:depth], spans) + chunks[depth:]
    cosines = {c[0]: c[2] for c in sem}
    matches: dict[int, float] = {}
    if filters.min_match > 0:
        # A cut-off needs every candidate's match value; otherwise only the quotes shown do.
        matches = chunk_matches(archive, parsed, query, mode_used != Mode.keyword, chunks, cosines, spans)
        best: dict[str, float] = defaultdict(float)
        for rowid, tid, _ in chunks:
            best[tid] = max(best[tid], matches[rowid])
        chunks = [c for c in chunks if best[c[1]] >= filters.min_match]

    # Participants are ranked on their chunks, overlaps included: an answer that stays on the topic
    # across two chunks is more evidence than one chunk (merging first cost dev nDCG@10 0.826 →
    # 0.809); what is shown is the merged passages, so no text repeats.
    chunk_scores = _chunk_scores(chunks)
    if by == By.participant:
        order = sorted(chunk_scores, key=lambda t: (-_combined(chunk_scores[t], s.secondary_weight), t))
        total = len(order)
        shown_ids = set(order[:limit])
        mine = [c for c in chunks if c[1] in shown_ids]
        rows = archive.chunk_rows([c[0] for c in mine])
        per = _by_participant(passages(mine, rows, spans))
        picked = [(tid, per[tid][:QUOTES_PER_PARTICIPANT]) for tid in order[:limit]]
    else:
        rows = archive.chunk_rows([c[0] for c in chunks])
        found = passages(chunks, rows, spans)
        total = len(found)
        picked = [(p.transcript_id, [p]) for p in found[:limit]]

    if not matches:
        wanted = {r for _, items in picked for p in items for r in p.rowids}
        shown = [c for c in chunks if c[0] in wanted]
        matches = chunk_matches(archive, parsed, query, mode_used != Mode.keyword, shown, cosines, spans)
    hits = []
    for tid, items in picked:
        quotes = tuple(
            Quote(rows[p.rowid]["chunk_id"], tid, p.turn, start, p.end, text,
                  rows[p.rowid]["question"] or "", rows[p.rowid]["question_turn"], p.score,
                  marks, max(matches[r] for r in p.rowids))
            for p in items
            for start, text, marks in [text_of(p, rows)]
        )
        score = _combined(chunk_scores[tid], s.secondary_weight) if by == By.participant else items[0].score
        hits.append(Hit(tid, score, archive.participants[tid], quotes))
    return SearchResults(query, mode_used, by, total, tuple(hits), status, notice,
                         (time.perf_counter() - started) * 1000, tuple(chunk_scores))


def _rerank(archive: Archive, evidence: QueryEvidence, chunks: list[tuple[int, str, float]],
            spans: dict[int, tuple[tuple[int, int], ...]]) -> list[tuple[int, str, float]]:
    """Scale each candidate by the evidence its own words give (rerank.QueryEvidence), then re-sort."""
    texts = {r: row["text"] for r, row in archive.chunk_rows([c[0] for c in chunks]).items()}
    scored = [(rowid, tid, score * evidence.factor(texts[rowid], spans.get(rowid, ()))) for rowid, tid, score in chunks]
    scored.sort(key=lambda c: (-c[2], c[0]))
    return scored


def _fts_hits(archive: Archive, expr: str, rowids: list[int], column: str) -> list[tuple[int, str]]:
    """(rowid, column) for the given chunks that match `expr`.

    One lookup per chunk: FTS5 seeks to a rowid given with `=`, but with `rowid IN (...)` it
    evaluates the MATCH over the whole corpus first (10x the chunks cost 10x the time).
    """
    db = archive.keyword.db()
    sql = f"SELECT rowid, {column} FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid = ?"
    return [row for rowid in rowids for row in db.execute(sql, (expr, rowid))]


def _drop_excluded(archive: Archive, parsed: ParsedQuery, chunks: list[tuple[int, str, float]]) -> list[tuple[int, str, float]]:
    """NOT terms also apply to semantic hits: drop chunks that contain an excluded term."""
    if not chunks:
        return chunks
    expr = " OR ".join(t.fts() for t in parsed.excluded)
    bad = {rowid for rowid, _ in _fts_hits(archive, expr, [c[0] for c in chunks], "1")}
    return [c for c in chunks if c[0] not in bad]


def _enum(kind: type[Mode] | type[By], value: str, name: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise BadQuery(f"unknown {name} {value!r}; use one of {allowed}") from None
