"""Research field of a participant, for occupations whose head ("researcher", "student") is generic."""

from __future__ import annotations

from collections import Counter

from indexer.labels_tables import field_of, tables
from indexer.models import Turn


def field_sentence(answers: list[Turn]) -> tuple[Turn, int, int, str] | None:
    """An early mention of the research field most often named, to name a scientist's field.

    Counting by group keeps a passing word ("design and engineering of microbial strains") from
    outvoting the subject the answers keep returning to.
    """
    t = tables()
    hits = [(turn, m) for turn in answers[:6] for m in t.field_re.finditer(turn.text)]
    if not hits:
        return None
    found = [field_of(m.group(0)) for _, m in hits]
    codes = [code for code, _ in found]
    counts: dict[str, float] = {}
    for code, weight in found:  # a method ("machine learning") counts less than the subject studied
        counts[code] = counts.get(code, 0.0) + weight
    top = max(counts, key=lambda c: (counts[c], -codes.index(c)))
    turn, m = hits[codes.index(top)]
    return turn, m.start(), m.end(), m.group(0).lower()


def field_code(occupation_text: str, context: str) -> str:
    """Group of the field named in the phrase, else the field most often named nearby."""
    t = tables()
    for text in (occupation_text, context):
        mentions = Counter(m.group(0).lower() for m in t.field_re.finditer(text))
        for name in [n for n in mentions if n.endswith("s") and n[:-1] in mentions]:
            mentions[name[:-1]] += mentions.pop(name)  # "plants" = "plant"
        codes = [field_of(name)[0] for name in mentions]
        counts: dict[str, float] = {}
        for name, n in mentions.items():
            code, weight = field_of(name)
            if code:
                # Repeats add with diminishing returns and methods count half, so one technique
                # named often ("image segmentation" x3) does not outvote two subjects studied.
                counts[code] = counts.get(code, 0.0) + weight * (1 + 0.5 * (n - 1))
        if counts:
            return max(counts, key=lambda c: (counts[c], -codes.index(c)))
    return ""
