"""Metadata filters (indexer.filters): what each one admits."""

from __future__ import annotations

import pytest

from indexer.archive import ParticipantInfo
from indexer.filters import Filters
from indexer.models import Label


def person(occupation: str) -> ParticipantInfo:
    return ParticipantInfo("work_0001", "workforce", 10, 5, 500, Label(occupation), Label("00 unknown"),
                           Label("unclear"))


@pytest.mark.parametrize("typed,occupation,admitted", [
    ("nurse", "registered nurse", True),
    ("nurse", "nurses aide", True),
    ("Nurse", "NURSE practitioner", True),
    ("it", "it support specialist", True),
    ("it", "writer", False),  # a word that begins with the text, not any substring
    ("art", "artist", True),
    ("art", "particle physics researcher", False),
    ("software eng", "senior software  engineer", True),
    ("r&d", "r&d researcher", True),
])
def test_the_occupation_filter_matches_the_start_of_a_word(typed: str, occupation: str, admitted: bool) -> None:
    assert Filters(occupation=typed).admits(person(occupation)) is admitted
