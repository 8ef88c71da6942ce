"""Ranked chunks → passages: overlapping chunks of one answer become one verbatim passage.

Long answers are chunked with a sentence of overlap, so two chunks of the same turn often share
text. Shown as two quotes they repeat that sentence. Merged, they are one passage whose offsets
still cut the transcript exactly. Passages are found from chunk positions alone; the text is put
together only for the passages shown (`text_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

# A merge never grows a passage past this: a several-page answer stays several quotes, each a
# readable length, and a chunk that would overflow keeps only the text the passage lacks.
MAX_PASSAGE_CHARS = 1600


@dataclass(frozen=True)
class Passage:
    """One or more merged chunks of a single turn, as transcript offsets [start, end)."""

    rowid: int  # the best-ranked chunk: its question and chunk id stand for the passage
    transcript_id: str
    turn: int
    start: int
    end: int
    score: float
    marks: tuple[tuple[int, int], ...] = ()  # matched words, as transcript offsets
    rowids: tuple[int, ...] = ()  # every chunk merged into it, best first

    def overlaps(self, other: Passage) -> bool:
        return other.turn == self.turn and other.start < self.end and self.start < other.end

    def merged(self, other: Passage) -> Passage:
        return replace(self, start=min(self.start, other.start), end=max(self.end, other.end),
                       score=max(self.score, other.score), marks=tuple(sorted({*self.marks, *other.marks})),
                       rowids=self.rowids + other.rowids)

    def outside(self, other: Passage) -> Passage | None:
        """The part of this passage not in `other` (overlapping); None if nothing is left."""
        if other.start <= self.start and self.end <= other.end:
            return None
        start, end = (other.end, self.end) if self.start >= other.start else (self.start, other.start)
        if end <= start:
            return None
        return replace(self, start=start, end=end, marks=tuple(m for m in self.marks if start <= m[0] and m[1] <= end))


def passages(
    ranked: Iterable[tuple[int, str, float]],
    rows: Mapping[int, Any],
    spans: Mapping[int, tuple[tuple[int, int], ...]],
) -> list[Passage]:
    """Merge overlapping chunks of one turn, best first; a merged passage keeps its best rank and score.

    rows: rowid → a row with turn, start and end of each chunk; spans: matched-word offsets within
    each chunk's text.
    """
    out: list[Passage | None] = []
    by_turn: dict[tuple[str, int], list[int]] = {}
    for rowid, tid, score in ranked:
        row = rows[rowid]
        start = row["start"]
        new = Passage(rowid, tid, row["turn"], start, row["end"], score,
                      tuple((start + a, start + b) for a, b in spans.get(rowid, ())), (rowid,))
        seen = by_turn.setdefault((tid, new.turn), [])
        hits = [i for i in seen if (p := out[i]) is not None and p.overlaps(new)]
        joined = [p for i in hits if (p := out[i]) is not None] + [new]
        if hits and max(p.end for p in joined) - min(p.start for p in joined) > MAX_PASSAGE_CHARS:
            rest: Passage | None = new
            for kept in joined[:-1]:
                if rest is not None and rest.overlaps(kept):
                    rest = rest.outside(kept)
            if rest is None:
                continue
            new, hits = rest, []
        if not hits:
            seen.append(len(out))
            out.append(new)
            continue
        # A chunk may bridge two passages already kept (chunk i+1 overlaps i and i+2): fold them
        # all into the best-ranked one.
        merged = joined[0].merged(new)
        for i, other in zip(hits[1:], joined[1:-1], strict=True):
            merged = merged.merged(other)
            out[i] = None
            seen.remove(i)
        out[hits[0]] = merged
    return [p for p in out if p is not None]


def text_of(passage: Passage, rows: Mapping[int, Any]) -> tuple[int, str, tuple[tuple[int, int], ...]]:
    """(start, verbatim text, matched words as offsets into it) of a passage, from its chunks' texts.

    A passage cut after an overlap may begin with the space between sentences; it starts at its
    first word instead.
    """
    chars = [""] * (passage.end - passage.start)
    for rowid in passage.rowids:
        row = rows[rowid]
        lo, hi = max(row["start"], passage.start), min(row["end"], passage.end)
        if lo < hi:
            chars[lo - passage.start : hi - passage.start] = row["text"][lo - row["start"] : hi - row["start"]]
    text = "".join(chars)
    skip = len(text) - len(text.lstrip())
    start = passage.start + skip
    marks = tuple((a - start, b - start) for a, b in passage.marks if a >= start)
    return start, text[skip:], marks
