"""The one search core: search(archive, query, filters, mode, by, limit) → SearchResults. No web code here."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from indexer.archive import Archive
from indexer.errors import BadQuery
from indexer.filters import COHORTS, STYLES, Filters
from indexer.ftsquery import MAX_TERMS, ParsedQuery, Term, parse_query
from indexer.fusion import ranked, rrf, weighted, weighted_dbsf
from indexer.match import chunk_matches
from indexer.querywords import read_words
from indexer.quotes import Passage, passages, text_of
from indexer.rerank import QueryEvidence
from indexer.results import By, Hit, Mode, Quote, SearchResults
from indexer.retrieve import (
    answer_matches,
    drop_excluded,
    highlights,
    keyword_ranking,
    literal_matches,
    rerank,
    semantic_ranking,
    semantic_within,
)

__all__ = ["COHORTS", "STYLES", "Filters", "Mode", "By", "SearchResults", "search"]

Chunk = tuple[int, str, float]  # (rowid, transcript_id, score), best first in every list

# A participant's score is their best chunk plus a damped share (Settings.secondary_weight) of the
# next two, so someone who says it twice outranks someone who says it once, without long
# interviews winning by volume.
QUOTES_PER_PARTICIPANT = 3
_FULL_WIDTH = str.maketrans({0x3000: " ", **{c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}})  # ！..～
RERANK_DEPTH = 200
# Up to this many passages with the required words are scored by meaning one by one (a Chroma get and
# a dot product each, ~25 ms per 1,000); beyond it the nearest-neighbour pool is filtered instead.
REQUIRED_SCORED = 3000


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
    ceiling: int | None = None,
) -> SearchResults:
    """Rank participants (or quotes) for a query; results are cached per build and settings.

    The UI re-runs a search on every click, and researchers search in bursts; a repeated
    search costs a dictionary lookup instead of ~90 ms of CPU.
    """
    archive.refresh()
    status = archive.semantic_status()
    # Key on the settings' content, not their id: an id can be reused once an object is freed.
    key = (str(archive.build), archive.settings.model_dump_json(), query, filters, str(mode), str(by), limit,
           ceiling, status["embedded"])
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    results = _search(archive, query, filters, mode, by, limit, status, ceiling)
    with _CACHE_LOCK:
        _CACHE[key] = results
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return results


@dataclass
class _Candidates:
    """What one retrieval pass found: ranked chunks and what was read about them on the way."""

    chunks: list[Chunk]
    cosines: dict[int, float] = field(default_factory=dict)
    spans: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    matches: dict[int, float] = field(default_factory=dict)
    words_required: bool = False


def _candidates(archive: Archive, parsed: ParsedQuery, query: str, filters: Filters, mode: Mode,
                rerank_too: bool = True) -> _Candidates:
    """Keyword and/or semantic candidates, fused, NOT terms and quoted phrases applied, reranked, cut.

    Keyword mode takes every chunk whose answer matches (no pool), so its counts are exact;
    semantic and hybrid take the top `candidate_pool` chunks of each side.
    """
    s = archive.settings
    pool = s.candidate_pool
    kw: list[Chunk] = []
    sem: list[Chunk] = []
    if mode == Mode.keyword:
        kw = [c for c in keyword_ranking(archive, parsed, -1, answers_only=True)
              if filters.admits(archive.participants.get(c[1]))]
    elif mode == Mode.hybrid:
        # With a name like C++ FTS5 matches its bare letter everywhere: read them all, keep C++, then cut.
        # (A quoted word's other endings are a few of its matches; the pool is deep enough for them.)
        depth = -1 if parsed.has_symbol_names() else pool * (4 if filters.active() else 1)
        kw = [c for c in keyword_ranking(archive, parsed, depth) if filters.admits(archive.participants.get(c[1]))]
    if parsed.has_literals():
        kw = literal_matches(archive, parsed, kw, answers_only=mode == Mode.keyword)
    kw = kw if mode == Mode.keyword else kw[:pool]
    required = parsed.words_required()
    said = answer_matches(archive, required) if required is not None else None
    if mode in (Mode.semantic, Mode.hybrid):
        # Required words narrow the field: rank all passages that have them, when few enough to score.
        if said is not None and len(said) <= REQUIRED_SCORED:
            sem = semantic_within(archive, query, said, filters)[:pool]
        else:
            sem = semantic_ranking(archive, query, filters, pool)
    if mode == Mode.hybrid:
        if s.fusion == "rrf":
            fused = rrf([[str(c[0]) for c in kw], [str(c[0]) for c in sem]], k=s.rrf_k)
        elif s.fusion == "dbsf":
            fused = weighted_dbsf({str(c[0]): c[2] for c in kw}, {str(c[0]): c[2] for c in sem}, s.fusion_alpha)
        else:
            fused = weighted({str(c[0]): c[2] for c in kw}, {str(c[0]): c[2] for c in sem}, s.fusion_alpha)
        owner = {c[0]: c[1] for c in kw + sem}
        chunks = [(int(r), owner[int(r)], sc) for r, sc in ranked(fused)]
    else:
        chunks = kw if mode == Mode.keyword else sem
    if parsed.excluded:
        chunks = drop_excluded(archive, parsed, chunks)
    if said is not None:
        chunks = [c for c in chunks if c[0] in said]
    found = _Candidates(chunks, {c[0]: c[2] for c in sem}, words_required=said is not None)
    # Matched-word spans for every candidate, computed once: reranking, match values and the
    # highlighted quotes all read them.
    # Only the top of the fused ranking can reach the results, so evidence features are read
    # there (600 candidates cost ~110 ms); a keyword-mode cut-off needs coverage for all of them.
    depth = len(chunks) if (mode == Mode.keyword and filters.min_match > 0) else RERANK_DEPTH
    if rerank_too or filters.min_match > 0:  # a counting pass needs spans only for a cut-off
        found.spans = highlights(archive, parsed, [c[0] for c in chunks[:depth]])
    words = parsed.positive_words()
    rare = bool(words) and all(archive.doc_share(w) < s.rare_share for w in words) and mode == Mode.hybrid
    evidence = QueryEvidence.of(query, words, s, rare_words_only=rare)
    if rerank_too and chunks and evidence.changes_anything():
        chunks = rerank(archive, evidence, chunks[:depth], found.spans) + chunks[depth:]
    if filters.min_match > 0:
        # A cut-off needs every candidate's match value; otherwise only the quotes shown do.
        found.matches = chunk_matches(archive, parsed, query, mode != Mode.keyword, chunks, found.cosines,
                                      found.spans)
        best: dict[str, float] = defaultdict(float)
        for rowid, tid, _ in chunks:
            best[tid] = max(best[tid], found.matches[rowid])
        chunks = [c for c in chunks if best[c[1]] >= filters.min_match]
    found.chunks = chunks
    return found


def _search(archive: Archive, query: str, filters: Filters | None, mode: Mode | str, by: By | str, limit: int,
            status: dict[str, int | bool], ceiling: int | None = None) -> SearchResults:
    """The uncached search behind search(), which validates nothing itself and owns the defaults."""
    started = time.perf_counter()
    s = archive.settings
    filters = filters or Filters()
    mode_: Mode = _enum(Mode, mode, "mode")
    by_: By = _enum(By, by, "by")
    mode, by = mode_, by_
    # "ｓｋｉｌｌ" typed with a full-width keyboard is "skill" (FTS5 does not fold width; it found 0).
    # Only width: NFKC would also turn a pasted "…" into "...", which no transcript then says.
    query = query.replace("\x00", " ").translate(_FULL_WIDTH).strip()
    if not query:
        raise BadQuery("the query is empty; type a few words, e.g. who worries about skill loss")
    if len(query) > s.max_query_chars:
        raise BadQuery(f"the query is {len(query)} characters; the limit is {s.max_query_chars}")
    top = ceiling or s.max_limit  # exports may ask for every match (Settings.max_export)
    if not 1 <= limit <= top:
        raise BadQuery(f"limit must be between 1 and {top}, got {limit}")
    parsed = parse_query(query)
    if not parsed.groups:
        # Semantic search would still rank something for "*" or "-skill", and call it a match.
        if parsed.excluded:
            left_out = " ".join("-" + (f'"{t.literal}"' if t.quoted else t.literal or t.text) for t in parsed.excluded)
            raise BadQuery(f"the query {left_out} only says what to leave out; add a word to search for, "
                           f"e.g. skill loss {left_out}")
        raise BadQuery(f"the query {query!r} has no words to search for; type a few words, "
                       "e.g. who worries about skill loss")
    notes: list[str] = []  # what the reader should know about these results, joined into one notice
    if parsed.truncated:
        notes.append(f"only the first {MAX_TERMS} words and phrases of the query are searched; shorten it "
                     "or quote the words that must be there")
    if filters.occupation and not any(filters.admits_occupation(p) for p in archive.participants.values()):
        notes.append(f"no participant's occupation has a word beginning with {filters.occupation!r}; "
                     "`archive participants` (GET /participants) lists the occupation labels")
    if unknown_ids := [t for t in filters.exclude if t not in archive.participants]:
        # Not an error: an exclude list may come from an older export; but a typo must not pass unseen.
        listed = ", ".join(unknown_ids[:3]) + (f" and {len(unknown_ids) - 3} more" if len(unknown_ids) > 3 else "")
        notes.append(f"exclude names no participant of this archive: {listed} (ids look like "
                     f"{min(archive.participants, default='work_0001')})")
    if mode != Mode.keyword and status["embedded"] == 0:
        notes.append("the semantic index is still being built; showing keyword results")
        mode_used = Mode.keyword
    else:
        mode_used = mode
        if mode != Mode.keyword and not status["ready"]:
            notes.append(f"semantic index {status['embedded']}/{status['total']} chunks; results may be partial")
    reading = read_words(archive, parsed, query, keyword_mode=mode_used == Mode.keyword)
    parsed, suggestion = reading.parsed, reading.suggestion
    notes += reading.notes
    meaning = parsed.meaning(query)  # what the embedding reads: generat* as "generate"
    found = _candidates(archive, parsed, meaning, filters, mode_used)
    chunks = found.chunks
    if found.words_required and (quoted := [t for g in parsed.groups for t in g if t.quoted]):
        unsaid = _said_by_nobody(archive, quoted) if not chunks else []
        notes.append("quoted words are required, as written: only passages where the participant says "
                     + ("one of them" if parsed.explicit_or else "them")
                     + (f' ("{stems[0].literal}*" also finds other endings)'
                        if (stems := [t for t in quoted if not t.symbolic]) and not any(t.prefix for t in quoted)
                        else "")
                     + (f"; no participant says {' or '.join(map(repr, unsaid))} as written" if unsaid else ""))
    # Names matched as written (C++, .NET, ASP.NET), not prefixes (their literal only trims stems).
    if literal_terms := [t for g in parsed.groups for t in g if t.literal and not t.quoted and not t.expansions]:
        names = " and ".join(dict.fromkeys(t.literal for t in literal_terms))
        absent = _said_by_nobody(archive, literal_terms) if not chunks else []
        bare = "letter" if all(len(t.text) == 1 for t in literal_terms) else "word"
        notes.append(f"{names}: matched as written, not as the bare {bare}"
                     + (f"; no participant says {' or '.join(absent)}" if absent else ""))
    # Who counts as matching must not depend on the filter, or a group's count under "compare"
    # and its count once filtered disagree (6 of 125 scientists vs 117). Keyword mode counts every
    # participant whose answers match; semantic and hybrid count those with a passage among the
    # archive-wide top candidates, and a filter only slices that set. A filtered list may go
    # deeper into its group; those extra participants are shown but marked as not counted.
    everyone = Filters(exclude=filters.exclude, min_match=filters.min_match)
    if mode_used == Mode.keyword or everyone == filters:  # no filter that selects: all found are counted
        counted = None
    else:
        counted = {tid for _, tid, _ in _candidates(archive, parsed, meaning, everyone, mode_used, False).chunks}

    # Participants are ranked on their chunks, overlaps included: an answer that stays on the topic
    # across two chunks is more evidence than one chunk (merging first cost dev nDCG@10 0.826 →
    # 0.809); what is shown is the merged passages, so no text repeats.
    chunk_scores = _chunk_scores(chunks)
    sign_offs = archive.sign_offs()
    order = sorted(chunk_scores, key=lambda t: (-_combined(chunk_scores[t], s.secondary_weight), t))
    matched_ids = tuple(t for t in order if counted is None or t in counted)
    if counted is not None:  # the counted matches first, then the rest of the group's ranking
        order = list(matched_ids) + [t for t in order if t not in counted]
    if by == By.participant:
        total = len(matched_ids)
        shown_ids = set(order[:limit])
        mine = [c for c in chunks if c[1] in shown_ids]
        rows = archive.chunk_rows([c[0] for c in mine])
        per = _by_participant(passages(mine, rows, found.spans))
        # A sign-off ("No, that's all. Thank you.") still ranks its participant - embedded with the
        # interviewer's closing summary it finds relevant people (dropping them cost dev nDCG@10
        # 0.826 → 0.818, own 0.715 → 0.669) - but it is shown only when nothing else is.
        picked = [(tid, sorted(per[tid], key=lambda p: p.rowid in sign_offs)[:QUOTES_PER_PARTICIPANT])
                  for tid in order[:limit]]
    else:
        positions = archive.chunk_positions([c[0] for c in chunks])
        # Counted passages first, then the filter's deeper ones; sign-offs, evidence of nothing, last
        # within each (a stable sort keeps the ranking otherwise).
        every = sorted(passages(chunks, positions, found.spans),
                       key=lambda p: (counted is not None and p.transcript_id not in counted, p.rowid in sign_offs))
        total = sum(1 for p in every if counted is None or p.transcript_id in counted)
        picked = [(p.transcript_id, [p]) for p in every[:limit]]
        rows = archive.chunk_rows([r for _, items in picked for p in items for r in p.rowids])

    matches = found.matches
    if not matches:
        wanted = {r for _, items in picked for p in items for r in p.rowids}
        shown = [c for c in chunks if c[0] in wanted]
        matches = chunk_matches(archive, parsed, meaning, mode_used != Mode.keyword, shown, found.cosines, found.spans)
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
        hits.append(Hit(tid, score, archive.participants[tid], quotes, counted is None or tid in counted))
    best = max((h.match for h in hits), default=0.0)
    # Passages that hold every required word are answers however far their meaning lies.
    # A passage that says the search words is evidence however far its meaning lies ("cheating").
    words_shown = any(found.spans.get(r) for _, items in picked for p in items for r in p.rowids)
    if mode_used != Mode.keyword and hits and best < s.loose_match and not found.words_required and not words_shown:
        where = "the filtered group" if filters.active() else "the archive"  # best is the group's, not all
        notes.append(f"nothing in {where} matches this closely (best match {best:.2f}); these are the "
                     f"least distant passages, not answers to it")
    if parsed.excluded and matched_ids and (elsewhere := _saying_elsewhere(archive, parsed, set(matched_ids))):
        said = " or ".join(repr(t.literal or t.text) for t in parsed.excluded)
        notes.append(f"NOT leaves out passages, not people: {elsewhere} of the {len(matched_ids)} participants "
                     f"found say {said} in another passage")
    unit = "participants" if by == By.participant else "passages"
    if mode_used == Mode.keyword:
        counting = f"{unit} whose own answers contain the search words (exact count)"
    else:
        # Said as it is done: semantic reads one list, hybrid two (so 507 passages can be "counted").
        pool = s.candidate_pool
        among = (f"the {pool} passages closest in meaning" if mode_used == Mode.semantic
                 else f"the top {pool} passages by keyword and the top {pool} by meaning")
        who = f"{unit} with a passage" if by == By.participant else unit
        counting = f"{who} among {among}, archive-wide, however loosely they match; a filter counts its share of those"
    if filters.min_match > 0:
        counting += f", best match at least {filters.min_match:g}"
    return SearchResults(query, mode_used, by, total, tuple(hits), status, "; ".join(notes) or None,
                         (time.perf_counter() - started) * 1000, matched_ids, counting, suggestion)


def _said_by_nobody(archive: Archive, terms: list[Term]) -> list[str]:
    """The terms (as written) that no participant's answer holds, to name in a notice."""
    return [t.literal for t in terms if not answer_matches(archive, ParsedQuery(((t,),), ()))]


def _saying_elsewhere(archive: Archive, parsed: ParsedQuery, found: set[str]) -> int:
    """How many of the participants found say an excluded term somewhere in their own answers."""
    wanted = ParsedQuery((tuple(replace(t, negated=False) for t in parsed.excluded),), ())
    rows = archive.chunk_rows(sorted(answer_matches(archive, wanted)), "rowid, transcript_id")
    return len(found & {row["transcript_id"] for row in rows.values()})


def _enum(kind: type[Mode] | type[By], value: str, name: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise BadQuery(f"unknown {name} {value!r}; use one of {allowed}") from None
