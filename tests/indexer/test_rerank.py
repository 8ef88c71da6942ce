"""Evidence features: coverage of the query's words, negated matches, negative replies, AI cast in a role."""

from __future__ import annotations

import pytest

from indexer.rerank import (
    casts_ai_as,
    concern_query,
    evidence_factor,
    failure_query,
    is_negated,
    matched_terms,
    opens_with_negative_reply,
    query_has_negation,
    reports_failure,
    role_words,
    voices_no_concern,
)


def spans_of(text: str, *words: str) -> list[tuple[int, int]]:
    return [(text.index(w), text.index(w) + len(w)) for w in words]


def test_matched_terms_by_shared_prefix() -> None:
    text = "I worry my skills are getting rusty"
    assert matched_terms(text, spans_of(text, "worry", "skills"), ["worries", "skill", "loss"]) == {"worries", "skill"}


@pytest.mark.parametrize("text,word,expected", [
    ("I'm not worried about losing skills", "worried", True),
    ("I don't worry about it", "worry", True),
    ("I never worry", "worry", True),
    ("I worry about losing skills", "worry", False),
    ("Not everyone agrees. I worry a lot", "worry", False),  # the negation is in another sentence
    ("My client worries", "worries", False),  # 'client' ends in -nt but is no negation
])
def test_is_negated(text: str, word: str, expected: bool) -> None:
    assert is_negated(text, text.index(word)) is expected


@pytest.mark.parametrize("text,expected", [
    ("No, not really.", True), ("Nope", True), ("I don't think so", True), ("Not at all", True),
    ("No one told me", False), ("Yes, a lot", False), ("Notably, yes", False),
])
def test_negative_reply(text: str, expected: bool) -> None:
    assert opens_with_negative_reply(text) is expected


def test_query_negation() -> None:
    assert query_has_negation(["not", "worried"]) and not query_has_negation(["worried", "skills"])


def test_evidence_factor_exact() -> None:
    text = "I worry my skills are slipping"
    spans = spans_of(text, "worry", "skills")
    assert evidence_factor(text, spans, ["worry", "skills", "loss"], 0.5, 0.5, False) == pytest.approx(0.5 + 0.5 * 2 / 3)
    negated = "I'm not worried about skills"
    assert evidence_factor(negated, spans_of(negated, "worried"), ["worried"], 0.0, 0.5, False) == 0.5
    assert evidence_factor(negated, spans_of(negated, "worried"), ["worried"], 0.0, 0.5, True) == 1.0
    assert evidence_factor("No, not really.", [], ["worried"], 0.0, 0.4, False) == 0.4


@pytest.mark.parametrize("text,expected", [
    ("I fine with the loss of skills", True), ("It does not bother me", True), ("Not a concern for me", True),
    ("I am not particularly worried", True), ("No real concerns.", True), ("I worry a lot", False),
    ("I fear my writing is slipping", False), ("It is not something that I currently consider.", True),
    ("Not something I think about much", True), ("It is something I think about", False),
])
def test_voices_no_concern(text: str, expected: bool) -> None:
    assert voices_no_concern(text) is expected


def test_concern_stance_only_for_concern_queries() -> None:
    text = "I'm fine with AI planning my lessons"
    assert concern_query(["worries", "skill", "loss"]) and not concern_query(["plan", "lessons"])
    assert evidence_factor(text, [], ["plan", "lessons"], 0.0, 0.5, False, about_concern=False) == 1.0
    assert evidence_factor(text, [], ["worries"], 0.0, 0.5, False, about_concern=True) == 0.5
    # saying there is no such concern is the opposite answer: its own, stronger multiplier
    assert evidence_factor(text, [], ["worries"], 0.0, 0.5, False, True, 0.25) == 0.25
    assert evidence_factor(text, [], ["worries"], 0.0, 1.0, False, True, 0.25) == 0.25  # even with negation off
    assert evidence_factor(text, [], ["worries"], 0.0, 0.5, True, True, 0.25) == 1.0  # "who doesn't worry …"


def test_role_queries_and_the_chunks_that_cast_ai_in_the_role() -> None:
    assert role_words("treats AI like a colleague or thinking partner") == ("colleague", "thinking", "partner")
    assert role_words("learning new skills with AI as a tutor") == ("tutor",)
    assert role_words("AI is bad at math") == ()
    roles = ("colleague", "thinking", "partner")
    assert casts_ai_as("I see AI as a partner in my work.", roles)
    assert casts_ai_as('I work with AI as a "work partner".', roles)
    assert casts_ai_as("I use it like a colleague to bounce ideas off.", roles)
    assert not casts_ai_as("A few of my colleagues use AI for emails.", roles)
    assert not casts_ai_as("AI is useful. My partner uses it as well.", roles)


def test_failure_queries_and_failure_reports() -> None:
    assert failure_query("AI is bad at math or calculations") and failure_query("AI making up facts or sources")
    assert not failure_query("using AI to summarize documents") and not failure_query("AI is good at math")
    assert reports_failure("It tends to be calculation errors.")
    assert reports_failure("It completely made up two of the citations.")
    assert reports_failure("The answer wasn't accurate at all.")
    assert not reports_failure("I use AI for vector math because I find it hard.")
