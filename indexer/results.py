"""Named result types of a search: a verbatim Quote, a Hit (participant or quote), SearchResults."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from indexer.archive import ParticipantInfo
from indexer.citation import quote_citation


class Mode(StrEnum):
    keyword = "keyword"
    semantic = "semantic"
    hybrid = "hybrid"


class By(StrEnum):
    participant = "participant"
    quote = "quote"


@dataclass(frozen=True)
class Quote:
    """A verbatim quote: archive.transcript(tid)['text'][start:end] == text."""

    chunk_id: str
    transcript_id: str
    turn: int
    start: int
    end: int
    text: str
    question: str
    question_turn: int | None
    score: float
    highlights: tuple[tuple[int, int], ...] = ()
    match: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "turn": self.turn, "start": self.start, "end": self.end,
                "match": self.match,
                "question": self.question, "question_turn": self.question_turn,
                "chunk_id": self.chunk_id, "score": round(self.score, 6),
                "highlights": [list(h) for h in self.highlights],
                "citation": quote_citation(self.text, self.transcript_id, self.turn)}


@dataclass(frozen=True)
class Hit:
    """One result: a participant with their best quotes (or, by quote, one quote)."""

    transcript_id: str
    score: float
    participant: ParticipantInfo
    quotes: tuple[Quote, ...]
    # False for a participant a filtered search ranks but the filter-independent match set does
    # not hold (see search._search): shown for reading, left out of counts.
    counted: bool = True

    @property
    def match(self) -> float:
        return max((q.match for q in self.quotes), default=0.0)

    def as_dict(self) -> dict[str, Any]:
        p = self.participant
        return {"transcript_id": self.transcript_id, "score": round(self.score, 6), "match": self.match,
                "cohort": p.cohort, "occupation": p.occupation.value,
                "occupation_group": p.occupation_group.value,
                "interaction_style": p.interaction_style.value, "counted": self.counted,
                # Derived, not given: where each label came from and how sure it is (the UI shows it).
                "labels": {name: {"source": label.source, "confidence": label.confidence}
                           for name, label in (("occupation", p.occupation), ("occupation_group", p.occupation_group),
                                               ("interaction_style", p.interaction_style))},
                "quotes": [q.as_dict() for q in self.quotes]}


@dataclass(frozen=True)
class SearchResults:
    """Named result of a search: the contract the CLI and API print."""

    query: str
    mode: Mode
    by: By
    total: int
    results: tuple[Hit, ...]
    semantic: dict[str, int | bool] = field(default_factory=dict)
    notice: str | None = None
    took_ms: float = 0.0
    matched_ids: tuple[str, ...] = ()  # every matching participant, best first (for counts/facets)
    counting: str = ""  # who the counts hold, in words a reader can quote
    suggestion: str | None = None  # the query with words no one says replaced by close ones

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "mode": self.mode.value, "by": self.by.value, "total": self.total,
                "counting": self.counting, "suggestion": self.suggestion,
                "results": [h.as_dict() for h in self.results], "semantic": self.semantic,
                "notice": self.notice, "took_ms": round(self.took_ms, 2)}
