"""Research field of a participant, for occupations whose head ("researcher", "student") is generic."""

from __future__ import annotations

from collections import Counter

from indexer.labels_tables import field_of, tables
from indexer.models import Turn


def _scores(names: list[str]) -> tuple[dict[str, float], list[str]]:
    """Score per major group of the field names mentioned, and the groups in order of first mention.

    Repeats add with diminishing returns and methods count half, so one technique named often
    ("image segmentation" x3) does not outvote two subjects studied; "plants" counts as "plant".
    """
    mentions = Counter(names)
    for name in [n for n in mentions if n.endswith("s") and n[:-1] in mentions]:
        mentions[name[:-1]] += mentions.pop(name)
    order: list[str] = []
    counts: dict[str, float] = {}
    for name, n in mentions.items():
        code, weight = field_of(name)
        if code:
            counts[code] = counts.get(code, 0.0) + weight * (1 + 0.5 * (n - 1))
            if code not in order:
                order.append(code)
    return counts, order


def _top(counts: dict[str, float], order: list[str]) -> str:
    return max(counts, key=lambda c: (counts[c], -order.index(c)))


def field_sentence(answers: list[Turn]) -> tuple[Turn, int, int, str] | None:
    """The first mention, in the early answers, of the field group named most, to name a scientist's field.

    Counting by group keeps a passing word ("design and engineering of microbial strains") from
    outvoting the subject the answers keep returning to.
    """
    t = tables()
    hits = [(turn, m) for turn in answers[:6] for m in t.field_re.finditer(turn.text)]
    counts, order = _scores([m.group(0).lower() for _, m in hits])
    if not counts:
        return None
    top = _top(counts, order)
    turn, m = next((turn, m) for turn, m in hits if field_of(m.group(0))[0] == top)
    return turn, m.start(), m.end(), m.group(0).lower()


def field_code(occupation_text: str, context: str) -> str:
    """Group of the field named in the phrase, else the field most often named nearby."""
    t = tables()
    for text in (occupation_text, context):
        counts, order = _scores([m.group(0).lower() for m in t.field_re.finditer(text)])
        if counts:
            return _top(counts, order)
    return ""
