"""SOC 2018 major group of a derived occupation: its head title, a researcher's field, a cue, the cohort."""

from __future__ import annotations

import re

from indexer.labels_fields import field_code
from indexer.labels_tables import UNKNOWN_GROUP, tables, titles_in
from indexer.models import Label, Transcript, cohort_prefix

# Heads that name no field ("researcher", "student"): the field named nearby decides the group.
GENERIC_HEADS = {
    "researcher", "scientist", "research scientist", "research assistant", "research associate",
    "research fellow", "postdoc", "postdoctoral researcher", "post-doctoral researcher",
    "postdoctoral fellow", "phd student", "phd candidate", "doctoral student", "doctoral candidate",
    "graduate student", "grad student", "student", "research technician",
}


def cue_code(occupation_name: str) -> str:
    """The group of an occupation implied by a work-domain cue ("video creator" → 27); "" if none."""
    return next((code for _, occ, code, _ in tables().cues.values() if occ == occupation_name), "")


# Heads that say someone runs something but not what work they do; a specific title stated
# alongside ("director/city planner") names the occupation better, so these are a fallback.
_GENERIC_MANAGER = {"manager", "director", "head", "lead", "supervisor", "owner"}


def group_code(occupation_text: str, cohort_prefix: str = "", context: str = "") -> str:
    """SOC major-group code for an occupation phrase: head title of the first conjunct that maps."""
    t = tables()
    fallback = ""
    for part in re.split(r",|/|&|\band\b|\bplus\b", occupation_text.lower()):
        part = part.strip()
        found = titles_in(part)
        if not found:
            continue
        head_end = len(re.split(r"\s(?:at|in|of|for|with|from|within)\s", part, maxsplit=1)[0])
        in_head = [f for f in found if f[1] <= head_end] or found
        _, _, title = max(in_head, key=lambda f: (f[1], f[1] - f[0]))
        code = t.titles[title]
        if title in GENERIC_HEADS or code == "00":
            # "researcher"/"student" alone: the field named in the phrase, else nearby, decides.
            code = field_code(occupation_text, context)
            code = code or ("19" if title != "student" or cohort_prefix == "science" else "")
            if not code:
                continue
        if title in _GENERIC_MANAGER:
            fallback = fallback or code
            continue
        return code
    if fallback:
        return fallback
    cue = cue_code(occupation_text)  # an implied occupation ("video creator") has its cue's group
    if cue and cue != "00":
        return cue
    # A phrase with no known title: lean on the cohort (creatives → arts, scientists → science).
    return {"creativity": "27", "science": "19"}.get(cohort_prefix, "00")


def occupation_group(transcript: Transcript, occ: Label) -> Label:
    """SOC 2018 major group ("NN Title") for the derived occupation, sharing its evidence."""
    if occ.value == "unknown":
        return Label(UNKNOWN_GROUP, 0.0, "none")
    prefix = cohort_prefix(transcript.transcript_id)
    turn = next((t for t in transcript.turns if t.number == occ.turn), None)
    # The answer that states the job, then the first answers (where people say what they study).
    early = " ".join(t.text[:1500] for t in transcript.turns if t.speaker == "participant")[:4000]
    # The stating answer only when the early answers do not already hold it: counting it twice
    # let one answer full of a method ("image segmentation") outvote the subject studied.
    stating = turn.text if turn and turn.text[:1500] not in early else ""
    context = f"{occ.evidence} {stating} {early}"
    code = group_code(occ.value, prefix, context)
    title = tables().groups.get(code, UNKNOWN_GROUP)
    if title == UNKNOWN_GROUP:
        return Label(UNKNOWN_GROUP, 0.0, "none", note=f"no SOC title matched {occ.value!r}")
    return Label(title, round(occ.confidence * 0.9, 2), "derived", occ.evidence, occ.turn, occ.start, occ.end)
