"""Packaged data tables for participant labels: SOC groups, titles, research fields, occupation cues."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
UNKNOWN_GROUP = "00 unknown"


@dataclass(frozen=True)
class Tables:
    """The packaged data: SOC titles, research fields, implied-occupation cues."""

    groups: dict[str, str]
    titles: dict[str, str]
    title_re: re.Pattern[str]
    hand_re: re.Pattern[str]  # hand-table titles only: what may follow a loose cue like "as the"
    fields: dict[str, str]
    field_re: re.Pattern[str]
    cues: dict[tuple[str, ...], tuple[int, str, str, float]]  # words → (cue id, occupation, code, weight)
    field_weights: dict[str, float]  # < 1 for fields that are methods or generic ("machine learning")


def _rows(name: str) -> list[list[str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [row for row in csv.reader(lines)][1:]


def _alternation(words: list[str]) -> re.Pattern[str]:
    # Longest first so that "software engineer" is preferred to "engineer"; plural s/es allowed.
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?:e?s)?(?![\w-])", re.I)


@lru_cache(maxsize=1)
def tables() -> Tables:
    """Load the data tables once per process."""
    groups = {code: f"{code} {title}" if code != "00" else UNKNOWN_GROUP
              for code, title in _rows("soc_major_groups.csv")}
    titles = {t.lower(): c for t, c in _rows("soc_titles.csv")}
    field_rows = _rows("soc_fields.csv")
    fields = {row[0].lower(): row[1] for row in field_rows}
    field_weights = {row[0].lower(): float(row[2]) if len(row) > 2 and row[2] else 1.0 for row in field_rows}
    cues: dict[tuple[str, ...], tuple[int, str, str, float]] = {}
    for index, (phrases, occ, code, weight) in enumerate(_rows("occupation_cues.csv")):
        for phrase in phrases.split("|"):
            cues[tuple(phrase.lower().split())] = (index, occ.lower(), code, float(weight))
    hand = list(titles)
    implied = {occ for _, occ, _, _ in cues.values()}
    # O*NET occupation titles fill in what the hand table lacks; the hand table wins on conflicts
    # (it knows how people say their job, O*NET knows the formal names). An occupation implied by
    # cues keeps the cue's group: "office worker" from emails alone is deliberately unclassified.
    for t, c in _rows("onet_titles.csv"):
        if t.lower() not in implied:
            titles.setdefault(t.lower(), c)
    return Tables(groups, titles, _alternation(list(titles)), _alternation(hand), fields, _alternation(list(fields)), cues,
                  field_weights)


def title_of(match: str) -> str:
    """The table key for a matched (possibly plural) title."""
    t = tables().titles
    low = match.lower()
    for key in (low, low[:-1], low[:-2]):
        if key in t:
            return key
    return low


def field_of(match: str) -> tuple[str, float]:
    """(SOC code, weight) of a matched (possibly plural) field name; ("", 0.0) when unknown."""
    t = tables()
    low = match.lower()
    for key in (low, low.rstrip("s")):
        if key in t.fields:
            return t.fields[key], t.field_weights[key]
    return "", 0.0


def titles_in(phrase: str, hand_only: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, table key) of each known title in a phrase, longest alternatives first."""
    pattern = tables().hand_re if hand_only else tables().title_re
    return [(m.start(), m.end(), title_of(m.group(0))) for m in pattern.finditer(phrase)]


Cue = tuple[int, str, str, float]  # (cue id, occupation, code, weight)


def cue_at(words: Sequence[str], i: int, accept: Callable[[Cue], bool] = lambda hit: True) -> tuple[int, Cue] | None:
    """(length, cue) of the longest work-domain cue (up to 4 words) starting at words[i] that `accept` takes."""
    cues = tables().cues
    for n in (4, 3, 2, 1):
        hit = cues.get(tuple(words[i:i + n]))
        if hit is not None and accept(hit):
            return n, hit
    return None


def soc_group(value: str) -> str | None:
    """The canonical "NN Title" for "29", "29 Healthcare Practitioners and Technical" or the title (any case)."""
    wanted = " ".join(value.split()).lower()
    for code, canonical in tables().groups.items():
        title = canonical.split(" ", 1)[1]
        if wanted in (code, canonical.lower(), title.lower()):
            return canonical
    return None
