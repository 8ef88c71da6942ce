"""Metadata filters on participants (cohort, SOC group, occupation text, style, exclusions, cut-off)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indexer.archive import ParticipantInfo
from indexer.errors import BadQuery
from indexer.labels_tables import tables
from indexer.models import STYLES

COHORTS = ("workforce", "creatives", "scientists")


@dataclass(frozen=True)
class Filters:
    """Metadata filters; an empty tuple means 'any'."""

    cohort: tuple[str, ...] = ()
    occupation_group: tuple[str, ...] = ()  # SOC major-group codes, e.g. "25"
    # Words of the occupation label that begin with this text, any case: "nurse" finds "nurses" and
    # "registered nurse", "art" finds "art teacher" and "artist" but not "particle physicist".
    occupation: str | None = None
    interaction_style: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # transcript ids a researcher removed from the count
    min_match: float = 0.0  # cut-off on indexer.match values: how clearly a participant must match

    def __post_init__(self) -> None:
        bad = [c for c in self.cohort if c not in COHORTS]
        if bad:
            raise BadQuery(f"unknown cohort {bad[0]!r}; use one of {', '.join(COHORTS)}")
        bad = [s for s in self.interaction_style if s not in STYLES]
        if bad:
            raise BadQuery(f"unknown interaction_style {bad[0]!r}; use one of {', '.join(STYLES)}")
        bad = [g for g in self.occupation_group if not (g.isdigit() and len(g) == 2)]
        if bad:
            raise BadQuery(f"occupation_group {bad[0]!r} is not a 2-digit SOC major group code like 25")
        codes = tables().groups
        bad = [g for g in self.occupation_group if g not in codes]
        if bad:  # a code outside the taxonomy would filter to nothing, silently
            raise BadQuery(f"no SOC major group {bad[0]}; use one of {', '.join(sorted(codes))}")
        if not 0.0 <= self.min_match <= 1.0:
            raise BadQuery(f"min_match must be between 0 and 1, got {self.min_match}")

    def active(self) -> bool:
        return bool(self.cohort or self.occupation_group or self.occupation or self.interaction_style
                    or self.exclude)

    def admits_occupation(self, p: ParticipantInfo) -> bool:
        """Whether the occupation label has a word that begins with the occupation text."""
        return not self.occupation or bool(_word_start(self.occupation).search(p.occupation.value))

    def admits(self, p: ParticipantInfo | None) -> bool:
        if p is None:
            return False
        if self.cohort and p.cohort not in self.cohort:
            return False
        if self.occupation_group and p.group_code not in self.occupation_group:
            return False
        if self.occupation and not self.admits_occupation(p):
            return False
        if self.interaction_style and p.interaction_style.value not in self.interaction_style:
            return False
        return p.transcript_id not in self.exclude


@lru_cache(maxsize=256)
def _word_start(text: str) -> re.Pattern[str]:
    """Where `text` begins a word ("it" in "it support", not in "writer")."""
    words = [re.escape(w) for w in text.split()]
    if words:
        # "teachers" finds "teacher" and "coaches" "coach": a plural typed is the occupation meant.
        last = text.split()[-1]
        stems = [last[:-2]] if last.lower().endswith("es") and len(last) > 4 else []
        stems += [last[:-1]] if last.lower().endswith("s") and not last.lower().endswith("ss") and len(last) > 3 else []
        words[-1] = "(?:" + "|".join(map(re.escape, [last, *stems])) + ")"
    return re.compile(r"(?<!\w)" + r"\s+".join(words), re.I)
