"""Derived participant labels: occupation, SOC 2018 major group and AI interaction style."""

from __future__ import annotations

from dataclasses import replace

from indexer.labels_groups import occupation_group
from indexer.labels_occupation import occupation
from indexer.labels_style_model import interaction_style
from indexer.models import Label, Transcript

__all__ = ["derive"]

# People state their job and how they work with AI in ordinary-length answers; reading at most
# this much of each turn keeps one several-MB answer from costing minutes (it took 56 s).
MAX_TURN_CHARS = 4000


def bounded(transcript: Transcript) -> Transcript:
    """The transcript with each turn cut to MAX_TURN_CHARS; offsets stay valid (start is kept)."""
    if all(t.end - t.start <= MAX_TURN_CHARS for t in transcript.turns):
        return transcript
    turns = tuple(
        replace(t, end=t.start + MAX_TURN_CHARS, text=t.text[:MAX_TURN_CHARS])
        if t.end - t.start > MAX_TURN_CHARS else t
        for t in transcript.turns
    )
    return replace(transcript, turns=turns)


def derive(transcript: Transcript) -> dict[str, Label]:
    """Labels for one interview, each with verbatim evidence from a participant turn.

    Pure: reads only the packaged data tables (loaded once per process).
    """
    transcript = bounded(transcript)
    occ = occupation(transcript)
    return {
        "occupation": occ,
        "occupation_group": occupation_group(transcript, occ),
        "interaction_style": interaction_style(transcript),
    }
