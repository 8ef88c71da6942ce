"""Derive one Participant record per interview: cohort, counts, and the labels from indexer.labels."""

from __future__ import annotations

from collections.abc import Mapping

from indexer.models import Cohort, Label, Participant, Transcript

_COHORTS: dict[str, Cohort] = {"work": "workforce", "creativity": "creatives", "science": "scientists"}
LABEL_FIELDS = ("occupation", "occupation_group", "interaction_style")


def cohort_of(transcript_id: str) -> Cohort:
    """Cohort from the id prefix: work_ → workforce, creativity_ → creatives, science_ → scientists."""
    prefix = transcript_id.split("_", 1)[0].lower()
    return _COHORTS.get(prefix, "unknown")


def participant_of(
    transcript: Transcript, overrides: Mapping[str, Label] | None = None
) -> Participant:
    """The participant record, with derived labels, then any researcher overrides on top."""
    answers = [t for t in transcript.turns if t.speaker == "participant"]
    labels = derive_labels(transcript)
    for field_name, label in (overrides or {}).items():
        if field_name in LABEL_FIELDS:
            labels[field_name] = label
    return Participant(
        transcript_id=transcript.transcript_id,
        cohort=cohort_of(transcript.transcript_id),
        n_turns=len(transcript.turns),
        n_answers=len(answers),
        n_words=sum(len(t.text.split()) for t in answers),
        occupation=labels["occupation"],
        occupation_group=labels["occupation_group"],
        interaction_style=labels["interaction_style"],
    )


def derive_labels(transcript: Transcript) -> dict[str, Label]:
    """Occupation, SOC major group and interaction style (see indexer.labels), or unknown/unclear."""
    try:
        from indexer import labels as labelling
    except ImportError:  # the labelling stage is optional while it is being built
        return {"occupation": Label("unknown"), "occupation_group": Label("unknown"),
                "interaction_style": Label("unclear")}
    return labelling.derive(transcript)
