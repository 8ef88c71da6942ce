"""Did-you-mean from the archive's own words (indexer.spelling)."""

from __future__ import annotations

from collections import Counter

from indexer.archive import Archive
from indexer.search import search
from indexer.spelling import completions, suggest, vocabulary

VOCAB = vocabulary(["I worried about my skills.", "Skills fade; I worried.", "skills worried a lot", "Skill issue"])


def test_vocabulary_counts_lower_case_words() -> None:
    assert (VOCAB["skills"], VOCAB["worried"], VOCAB["skill"]) == (3, 3, 1)


def test_each_unknown_word_becomes_its_closest_common_word() -> None:
    assert suggest("who worryed about skils?", ["worryed", "skils"], VOCAB) == "who worried about skills?"
    assert suggest("zebra crossings", ["zebra"], VOCAB) is None  # nothing close: no guess
    assert suggest("skil", ["skil"], VOCAB) == "skills"  # "skill" is said once: too rare to suggest


RARE = Counter({"writing": 40, "writting": 1, "skills": 30, "lots": 50, "loss": 25, "angles": 30, "angeles": 1,
                "rust": 2, "trust": 30})
NEAR = {("skills", "loss"): 0.01}


def together(a: str, b: str) -> float:
    return NEAR.get((a, b), 0.0)


def test_a_rare_word_becomes_a_far_commoner_close_word_that_stands_near_its_neighbours() -> None:
    assert suggest("writting", [], RARE, ["writting"], together) == "writing"  # 40 to 1, no neighbours
    assert suggest("skills los", [], RARE, ["los"], together) == "skills loss"  # "lots" is said more, not near
    assert suggest("los angeles", [], RARE, ["los", "angeles"], together) is None  # a name: no "lots angles"
    assert suggest("rust", [], RARE, ["rust"], together) is None  # "trust" is 15x as common, not 20x


def test_a_word_no_one_says_is_named_in_the_notice(archive: Archive) -> None:
    results = search(archive, "zebra worries", mode="keyword")
    assert results.notice == "no participant says 'zebra'" and results.suggestion is None


def test_a_rare_word_is_corrected_only_by_one_slip() -> None:
    vocab = Counter({"regularly": 100, "irregularly": 1, "interest": 90, "nearest": 1, "writing": 40, "writting": 1})
    assert suggest("irregularly", [], vocab, ["irregularly"]) is None  # spelled right, merely rare
    assert suggest("nearest", [], vocab, ["nearest"]) is None
    assert suggest("writting", [], vocab, ["writting"]) == "writing"  # one letter too many


def test_words_are_read_as_keyword_search_reads_them() -> None:
    vocab = vocabulary(["Naïve GPT4 users, naive ones"])
    assert vocab == Counter({"naive": 2, "gpt4": 1, "users": 1, "ones": 1})
    assert completions(vocab, "GPT") == ["gpt4"] and completions(vocab, "naï") == ["naive"]
