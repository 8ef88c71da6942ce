"""Split a repaired interview into speaker turns; a label counts only at the start of a line."""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.models import RawTranscript, Speaker, Transcript, Turn


def label_pattern(interviewer: Sequence[str], participant: Sequence[str]) -> re.Pattern[str]:
    """Regex for `Label:` at a line start (optionally **bold**); longest labels first."""
    labels = sorted({*interviewer, *participant}, key=len, reverse=True)
    alternatives = "|".join(re.escape(label) for label in labels)
    return re.compile(
        rf"^[ \t]*(?:\*\*)?(?P<label>{alternatives})(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*", re.M | re.I
    )


def split_turns(
    raw: RawTranscript, interviewer: Sequence[str], participant: Sequence[str]
) -> tuple[Transcript, bool]:
    """Raw transcript → Transcript with turns; the flag says whether any speaker label was found.

    Text with no labels at all becomes one participant turn so that it is still searchable.
    """
    pattern = label_pattern(interviewer, participant)
    who = {label.lower(): "interviewer" for label in interviewer}
    who.update({label.lower(): "participant" for label in participant})
    text = raw.text
    matches = list(pattern.finditer(text))
    turns: list[Turn] = []
    if not matches:
        start, end = _trim(text, 0, len(text))
        if end > start:
            turns.append(Turn(raw.transcript_id, 0, "participant", "", start, end, text[start:end]))
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        start, end = _trim(text, match.end(), stop)
        label = match.group("label")
        speaker: Speaker = "interviewer" if who[label.lower()] == "interviewer" else "participant"
        turns.append(
            Turn(raw.transcript_id, len(turns), speaker, label, start, end, text[start:end])
        )
    transcript = Transcript(
        transcript_id=raw.transcript_id,
        text=text,
        source=raw.source,
        turns=tuple(turns),
        repaired=raw.repaired,
    )
    return transcript, bool(matches)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
