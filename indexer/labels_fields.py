"""Research field of a participant, for occupations whose head ("researcher", "student") is generic."""

from __future__ import annotations

from collections import Counter

from indexer.labels_tables import field_of, tables
from indexer.models import Turn

# soc_fields.csv weights: 1 a subject, 0.75 a broad subject ("engineering"), 0.5 a method or a word
# with everyday senses ("python", "simulation", "climate", "law"), 0.6 a technology built
# ("machine learning", "sensor"), which names the field only when no subject is named.
SUBJECT_WEIGHT = 0.75
TECHNOLOGY_WEIGHT = 0.6


def _scores(names: list[str]) -> tuple[dict[str, float], list[str]]:
    """Score per major group of the field names mentioned, and the groups in order of first mention.

    Repeats add with diminishing returns; methods and ambiguous words (weight below TECHNOLOGY_WEIGHT)
    never count, and technologies only when no subject is named, so a technique named often
    ("image segmentation" x3) never outvotes a subject studied; "plants" counts as "plant".
    """
    mentions = Counter(names)
    for name in [n for n in mentions if n.endswith("s") and n[:-1] in mentions]:
        mentions[name[:-1]] += mentions.pop(name)
    # Only subjects studied count: a chemist who mentions python, simulation and modelling is still a
    # chemist, and a scientist who names only methods is left to the cohort's default (19). Letting
    # methods decide when no subject was named scored 227 against 230 over the five labelled sets.
    weighed = [(name, n, *field_of(name)) for name, n in mentions.items()]
    subjects = [w for w in weighed if w[2] and w[3] >= SUBJECT_WEIGHT]
    # Letting every method vote when no subject was named lost 6 of 642 hand labels (data analysis,
    # optimisation and simulation are everyone's); technologies built gained 7 and lost none.
    subjects = subjects or [w for w in weighed if w[2] and w[3] >= TECHNOLOGY_WEIGHT]
    order: list[str] = []
    counts: dict[str, float] = {}
    for _, n, code, weight in subjects:
        counts[code] = counts.get(code, 0.0) + weight * (1 + 0.5 * (n - 1))
        if code not in order:
            order.append(code)
    return counts, order


def _top(counts: dict[str, float], order: list[str]) -> str:
    return max(counts, key=lambda c: (counts[c], -order.index(c)))


def field_sentence(answers: list[Turn]) -> tuple[Turn, int, int, str] | None:
    """The first mention, in the early answers, of the field group named most, to name a scientist's field
    ("" for the name when only a technology showed it).

    Counting by group keeps a passing word ("design and engineering of microbial strains") from
    outvoting the subject the answers keep returning to.
    """
    t = tables()
    hits = [(turn, m) for turn in answers[:6] for m in t.field_re.finditer(turn.text)]
    counts, order = _scores([m.group(0).lower() for _, m in hits])
    if not counts:
        return None
    top = _top(counts, order)
    # Named by its first subject, never by a method of the same group ("python researcher").
    named = [(turn, m, *field_of(m.group(0))) for turn, m in hits]
    floor = SUBJECT_WEIGHT if any(w >= SUBJECT_WEIGHT for *_, w in named) else TECHNOLOGY_WEIGHT
    turn, m = next((turn, m) for turn, m, code, weight in named if code == top and weight >= floor)
    # A technology is evidence of the field, not its name: "CAD" makes an engineer, not a "cad researcher".
    if floor != SUBJECT_WEIGHT:
        return turn, m.start(), m.end(), ""
    # Named by its table key, so "stem cells" names a "stem cell researcher".
    low = m.group(0).lower()
    return turn, m.start(), m.end(), low if low in t.fields else low.rstrip("s")


def field_code(occupation_text: str, context: str) -> str:
    """Group of the field named in the phrase, else the field most often named nearby."""
    t = tables()
    for text in (occupation_text, context):
        counts, order = _scores([m.group(0).lower() for m in t.field_re.finditer(text)])
        if counts:
            return _top(counts, order)
    return ""
