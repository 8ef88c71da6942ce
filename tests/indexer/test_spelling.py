"""Did-you-mean from the archive's own words (indexer.spelling)."""

from __future__ import annotations

from indexer.archive import Archive
from indexer.search import search
from indexer.spelling import suggest, vocabulary

VOCAB = vocabulary(["I worried about my skills.", "Skills fade; I worried.", "skills worried a lot", "Skill issue"])


def test_vocabulary_counts_lower_case_words() -> None:
    assert (VOCAB["skills"], VOCAB["worried"], VOCAB["skill"]) == (3, 3, 1)


def test_each_unknown_word_becomes_its_closest_common_word() -> None:
    assert suggest("who worryed about skils?", ["worryed", "skils"], VOCAB) == "who worried about skills?"
    assert suggest("zebra crossings", ["zebra"], VOCAB) is None  # nothing close: no guess
    assert suggest("skil", ["skil"], VOCAB) == "skills"  # "skill" is said once: too rare to suggest


def test_a_word_no_one_says_is_named_in_the_notice(archive: Archive) -> None:
    results = search(archive, "zebra worries", mode="keyword")
    assert results.notice == "no participant says 'zebra'" and results.suggestion is None
