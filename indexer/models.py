"""Typed records that flow through the pipeline: Transcript, Turn, Chunk, Participant, Label."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SHORT_ANSWER_WORDS = 20
Speaker = Literal["interviewer", "participant"]
Cohort = Literal["workforce", "creatives", "scientists", "unknown"]
STYLES = ("collaborative", "delegative", "mixed", "unclear")  # interaction_style values


def cohort_prefix(transcript_id: str) -> str:
    """The id's cohort part, lower case: work_0035 → "work", science_0101 → "science"."""
    return transcript_id.split("_", 1)[0].lower()


@dataclass(frozen=True)
class RawTranscript:
    """One interview as found in a source file, decoded and repaired but not yet split."""

    transcript_id: str
    text: str
    source: str  # file name (and row for CSV/JSONL) for messages and dedupe warnings
    repaired: bool = False


@dataclass(frozen=True)
class Turn:
    """One speaker turn; ``start``/``end`` are offsets of its content in ``Transcript.text``."""

    transcript_id: str
    number: int
    speaker: Speaker
    label: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Transcript:
    """A whole interview: repaired text plus its turns."""

    transcript_id: str
    text: str
    source: str
    turns: tuple[Turn, ...]
    repaired: bool = False


@dataclass(frozen=True)
class Chunk:
    """A piece of one participant answer, never crossing a turn, with the question it answers."""

    chunk_id: str
    transcript_id: str
    turn: int
    start: int
    end: int
    text: str
    question: str
    question_turn: int | None

    def embed_text(self) -> str:
        """Text given to the embedding model (see embed_text)."""
        return embed_text(self.text, self.question)


def embed_text(answer: str, question: str) -> str:
    """The answer alone; an answer under SHORT_ANSWER_WORDS words keeps its question.

    Prefixing every chunk with its question made answers to the same question look alike
    (semantic nDCG@10 0.38 on the dev queries); a short answer ("Yes, a little") still
    needs the question to mean anything.
    """
    if question and len(answer.split()) < SHORT_ANSWER_WORDS:
        return f"{question}\n{answer}"
    return answer


@dataclass(frozen=True)
class Label:
    """A derived participant attribute with its verbatim evidence."""

    value: str
    confidence: float = 0.0
    source: Literal["derived", "override", "none"] = "none"
    evidence: str = ""
    turn: int | None = None
    start: int | None = None
    end: int | None = None
    note: str = ""


UNKNOWN = Label(value="unknown")
UNCLEAR = Label(value="unclear")


@dataclass(frozen=True)
class Participant:
    """One record per interview: who the participant is and how much they said."""

    transcript_id: str
    cohort: Cohort
    n_turns: int
    n_answers: int
    n_words: int
    occupation: Label = field(default=UNKNOWN)
    occupation_group: Label = field(default=UNKNOWN)
    interaction_style: Label = field(default=UNCLEAR)
