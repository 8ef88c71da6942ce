"""Ranked chunks → passages: overlapping chunks of one answer become one verbatim passage.

Long answers are chunked with a sentence of overlap, so two chunks of the same turn often share
text. Shown as two quotes they repeat that sentence, and counted as two they let one statement
score as if the participant had said it twice. Merged, they are one passage with one score (the
better of the two) whose offsets still cut the transcript exactly.
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
    """One or more merged chunks of a single turn: transcript text[start:end] == text."""

    rowid: int  # the best-scoring chunk: its question, chunk id and score stand for the passage
    transcript_id: str
    turn: int
    start: int
    end: int
    score: float
    text: str
    highlights: tuple[tuple[int, int], ...] = ()  # offsets into text
    rowids: tuple[int, ...] = ()  # every chunk merged into it, best first

    def overlaps(self, turn: int, start: int, end: int) -> bool:
        return turn == self.turn and start < self.end and self.start < end

    def trimmed_after(self, other: Passage) -> Passage | None:
        """The part of this passage outside `other` (an overlapping one), or None if nothing is left."""
        if other.start <= self.start and self.end <= other.end:
            return None
        start, end = (other.end, self.end) if self.start >= other.start else (self.start, other.start)
        if end <= start:
            return None
        while start < end and self.text[start - self.start].isspace():  # a quote starts at a word
            start += 1
        cut = self.text[start - self.start : end - self.start]
        marks = tuple((a - (start - self.start), b - (start - self.start)) for a, b in self.highlights
                      if a >= start - self.start and b <= end - self.start)
        return replace(self, start=start, end=end, text=cut, highlights=marks)

    def merged(self, other: Passage) -> Passage:
        """This passage extended by an overlapping one of the same turn; both are verbatim slices."""
        new_start, new_end = min(self.start, other.start), max(self.end, other.end)
        joined = [""] * (new_end - new_start)
        marks: set[tuple[int, int]] = set()
        for p in (other, self):
            joined[p.start - new_start : p.end - new_start] = list(p.text)
            marks |= {(a + p.start - new_start, b + p.start - new_start) for a, b in p.highlights}
        return replace(self, start=new_start, end=new_end, text="".join(joined), highlights=tuple(sorted(marks)),
                       score=max(self.score, other.score), rowids=self.rowids + other.rowids)


def passages(
    ranked: Iterable[tuple[int, str, float]],
    rows: Mapping[int, Any],
    spans: Mapping[int, tuple[tuple[int, int], ...]],
) -> list[Passage]:
    """Merge overlapping chunks of one turn, best first; a merged passage keeps its best rank and score."""
    out: list[Passage | None] = []
    by_turn: dict[tuple[str, int], list[int]] = {}
    for rowid, tid, score in ranked:
        row = rows[rowid]
        new = Passage(rowid, tid, row["turn"], row["start"], row["end"], score, row["text"],
                      spans.get(rowid, ()), (rowid,))
        seen = by_turn.setdefault((tid, new.turn), [])
        # A chunk may bridge two passages already kept (chunk i+1 overlaps i and i+2): fold them all
        # into the best-ranked one.
        hits = [i for i in seen if (p := out[i]) is not None and p.overlaps(new.turn, new.start, new.end)]
        span = [out[i] for i in hits] + [new]
        if hits and max(p.end for p in span if p) - min(p.start for p in span if p) > MAX_PASSAGE_CHARS:
            rest: Passage | None = new
            for i in hits:
                kept = out[i]
                if rest is not None and kept is not None and rest.overlaps(kept.turn, kept.start, kept.end):
                    rest = rest.trimmed_after(kept)
            if rest is not None and not rest.text.strip():
                rest = None
            hits = []
            if rest is None:
                continue
            new = rest
        if not hits:
            seen.append(len(out))
            out.append(new)
            continue
        first = hits[0]
        merged = out[first]
        assert merged is not None
        merged = merged.merged(new)
        for i in hits[1:]:
            other = out[i]
            assert other is not None
            merged = merged.merged(other)
            out[i] = None
            seen.remove(i)
        out[first] = merged
    return [p for p in out if p is not None]
