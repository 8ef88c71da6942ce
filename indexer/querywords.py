"""What the archive's own words say about a query's words, before retrieval: words too common to
count, words nobody says (with a did-you-mean), and prefixes as the words said that begin with them."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.archive import Archive
from indexer.ftsquery import ParsedQuery
from indexer.spelling import MIN_USES, completions, fold, suggest

COMMON_TERM_SHARE = 0.5
MAX_COMPLETIONS, MIN_COMPLETIONS, MAX_COMPLETIONS_TOTAL = 40, 5, 200  # words a prefix stands for


@dataclass(frozen=True)
class QueryReading:
    """The query to search, what the reader should be told about its words, and a did-you-mean."""

    parsed: ParsedQuery
    notes: tuple[str, ...] = ()
    suggestion: str | None = None


def read_words(archive: Archive, parsed: ParsedQuery, query: str, keyword_mode: bool) -> QueryReading:
    """The parsed query adjusted to the archive's vocabulary, with the notices that explain it."""
    notes: list[str] = []
    # BM25 gives a word found in most chunks ("AI" here: 87%) an IDF of ~0, yet scoring it means
    # visiting nearly every chunk; dropping such words keeps the ranking and cuts the time.
    # Only in free text: "AI OR privacy" asks for the union, and its count must be everyone who says AI.
    common = {w for w in parsed.positive_words() if archive.doc_share(w) > COMMON_TERM_SHARE}
    if common and not parsed.explicit_or:
        kept = parsed.without(common)
        dropped = [t.text for g in parsed.groups for t in g if t not in {u for h in kept.groups for u in h}]
        parsed = kept
        if dropped and keyword_mode:  # elsewhere meaning carries the word; here the count does
            # Each word's own share: "'use' and 'AI' … 86%" gave one figure for two words.
            said = (f"said in {archive.doc_share(dropped[0]):.0%} of passages, it" if len(dropped) == 1 else
                    "said in " + " and ".join(f"{archive.doc_share(w):.0%}" for w in dropped) + " of passages, they")
            notes.append(f"{' and '.join(map(repr, dropped))} left out: {said} would match nearly everyone "
                         f'("{dropped[0]}" in quotes requires it)')

    # A word is unknown when no chunk has it in any form (FTS stems: "skill" finds "skills"); rare when
    # participants say it only by a slip ("writting") or inside another word's stem ("los").
    words = list(dict.fromkeys(t.text for g in parsed.groups for t in g if not (t.phrase or t.prefix)))
    unknown = [w for w in words if archive.doc_share(w) == 0]
    vocab = archive.vocabulary()
    rare = [w for w in words if w not in unknown and vocab.get(fold(w), 0) < MIN_USES]
    suggestion = suggest(query, unknown, vocab, rare, archive.near_share, archive.close_words) \
        if unknown or rare else None
    if unknown:
        notes.append(f"no participant says {' or '.join(repr(w) for w in unknown)}"
                     + (f"; did you mean “{suggestion}”?" if suggestion else ""))
    elif suggestion:
        notes.append(f"did you mean “{suggestion}”?")
    if prefixes := parsed.prefixes():
        # FTS5 prefixes stems, so a prefix is searched as the words said that begin with it; a cap
        # per prefix keeps "a* b* c*" from becoming thousands of terms.
        each = min(MAX_COMPLETIONS, max(MIN_COMPLETIONS, MAX_COMPLETIONS_TOTAL // len(prefixes)))
        begun = {p: completions(vocab, p) for p in prefixes}
        parsed = parsed.expanded({p: w[:each] for p, w in begun.items()})
        for p, w in begun.items():
            if not w:
                notes.append(f"no participant says a word beginning with {p!r}")
            elif len(w) > each:
                notes.append(f"{p}* stands for the {each} words beginning with {p!r} said most (of {len(w)})")
    return QueryReading(parsed, tuple(notes), suggestion)
