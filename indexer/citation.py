"""The bundled dataset's attribution (as corpus/README.md states it) and the one per-quote citation string."""

from __future__ import annotations

import re

DATASET_NAME = "Anthropic Interviewer dataset"
DATASET_ID = "Anthropic/AnthropicInterviewer"
DATASET_URL = "https://huggingface.co/datasets/Anthropic/AnthropicInterviewer"
DATASET_TITLE = "Introducing Anthropic Interviewer: What 1,250 professionals told us about working with AI"
AUTHORS_SHORT = "Handa et al."
YEAR = 2025
# corpus/README.md and the dataset card say "CC-BY" with no version, so no version is claimed here.
LICENCE = "CC-BY"
ATTRIBUTION = f"{DATASET_NAME}, {AUTHORS_SHORT} {YEAR}, {LICENCE}"

# The dataset's ids; interviews indexed from elsewhere must not be attributed to it.
_DATASET_ID_RE = re.compile(r"(?:work|creativity|science)_\d{4}")


def from_dataset(transcript_id: str) -> bool:
    """True for ids of the bundled dataset's form (work_0035, creativity_0012, science_0101)."""
    return _DATASET_ID_RE.fullmatch(transcript_id) is not None


def cite(transcript_id: str, turn: int) -> str:
    """`(work_0084, turn 27; Anthropic Interviewer dataset, Handa et al. 2025, CC-BY)`."""
    if from_dataset(transcript_id):
        return f"({transcript_id}, turn {turn}; {ATTRIBUTION})"
    return f"({transcript_id}, turn {turn})"


def quote_citation(text: str, transcript_id: str, turn: int) -> str:
    """A verbatim quote with its citation, as the API, UI and exports print it."""
    return f"“{text}” {cite(transcript_id, turn)}"
