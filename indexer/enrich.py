"""Derive one Participant record per interview: cohort, counts, and the labels from indexer.labels."""

from __future__ import annotations

from collections.abc import Mapping

from indexer.labels_groups import group_code
from indexer.labels_tables import UNKNOWN_GROUP, tables
from indexer.models import Cohort, Label, Participant, Transcript, cohort_prefix

_COHORTS: dict[str, Cohort] = {"work": "workforce", "creativity": "creatives", "science": "scientists"}
LABEL_FIELDS = ("occupation", "occupation_group", "interaction_style")


def cohort_of(transcript_id: str) -> Cohort:
    """Cohort from the id prefix: work_ → workforce, creativity_ → creatives, science_ → scientists."""
    prefix = cohort_prefix(transcript_id)
    return _COHORTS.get(prefix, "unknown")


def participant_of(
    transcript: Transcript, overrides: Mapping[str, Label] | None = None
) -> Participant:
    """The participant record, with derived labels, then any researcher overrides on top."""
    answers = [t for t in transcript.turns if t.speaker == "participant"]
    labels = with_overrides(transcript.transcript_id, derive_labels(transcript), overrides or {})
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


def with_overrides(
    transcript_id: str, labels: Mapping[str, Label], overrides: Mapping[str, Label]
) -> dict[str, Label]:
    """Overrides on top of the derived labels; a new occupation alone brings its own SOC group."""
    out = dict(labels)
    out.update({f: label for f, label in overrides.items() if f in LABEL_FIELDS})
    occupation = overrides.get("occupation")
    if occupation is not None and "occupation_group" not in overrides:
        # The derived group belonged to the derived occupation; keeping it would pair a teacher
        # override with, say, "15 Computer and Mathematical".
        out["occupation_group"] = group_following(transcript_id, occupation)
    return out


def group_following(transcript_id: str, occupation: Label) -> Label:
    """The SOC group of an overridden occupation, marked as an override that follows it."""
    if occupation.value.lower() == "unknown":
        group = UNKNOWN_GROUP
    else:
        code = group_code(occupation.value, cohort_prefix(transcript_id))
        group = tables().groups.get(code, UNKNOWN_GROUP)
    return Label(group, occupation.confidence, "override",
                 note=f"follows the occupation override “{occupation.value}”")


def derive_labels(transcript: Transcript) -> dict[str, Label]:
    """Occupation, SOC major group and interaction style (see indexer.labels), or unknown/unclear."""
    try:
        from indexer import labels as labelling
    except ImportError:  # the labelling stage is optional while it is being built
        return {"occupation": Label("unknown"), "occupation_group": Label("unknown"),
                "interaction_style": Label("unclear")}
    return labelling.derive(transcript)
