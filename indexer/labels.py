"""Derived participant labels: occupation, SOC 2018 major group and AI interaction style."""

from __future__ import annotations

from indexer.labels_occupation import occupation, occupation_group
from indexer.labels_style import interaction_style
from indexer.models import Label, Transcript

__all__ = ["derive"]


def derive(transcript: Transcript) -> dict[str, Label]:
    """Labels for one interview, each with verbatim evidence from a participant turn.

    Pure: reads only the packaged data tables (loaded once per process).
    """
    occ = occupation(transcript)
    return {
        "occupation": occ,
        "occupation_group": occupation_group(transcript, occ),
        "interaction_style": interaction_style(transcript),
    }
