"""Evidence features: coverage of the query's words, negated matches, negative replies, AI cast in a role."""

from __future__ import annotations

import pytest

from indexer.rerank import (
    QueryEvidence,
    casts_ai_as,
    concern_query,
    failure_query,
    is_negated,
    matched_terms,
    names_role_holder,
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
    ("Oh, no. I have to practice all the time", True), ("Well, not really.", True), ("Oh no one does", False),
    ("So I use it daily", False),
])
def test_negative_reply(text: str, expected: bool) -> None:
    assert opens_with_negative_reply(text) is expected


def test_query_negation() -> None:
    assert query_has_negation(["not", "worried"]) and not query_has_negation(["worried", "skills"])


def ev(terms: list[str], coverage: float = 0.0, negation: float = 1.0, negated: bool = False,
       concern: bool = False, concern_penalty: float = 1.0) -> QueryEvidence:
    return QueryEvidence(tuple(terms), coverage, negation, concern_penalty, concern, negated)


def test_evidence_factor_exact() -> None:
    text = "I worry my skills are slipping"
    spans = spans_of(text, "worry", "skills")
    assert ev(["worry", "skills", "loss"], 0.5, 0.5).factor(text, spans) == pytest.approx(0.5 + 0.5 * 2 / 3)
    negated = "I'm not worried about skills"
    assert ev(["worried"], 0.0, 0.5).factor(negated, spans_of(negated, "worried")) == 0.5
    assert ev(["worried"], 0.0, 0.5, negated=True).factor(negated, spans_of(negated, "worried")) == 1.0
    assert ev(["worried"], 0.0, 0.4).factor("No, not really.", []) == 0.4


def test_evidence_of_a_query_reads_the_settings() -> None:
    from indexer.settings import Settings

    s = Settings(role_holder_penalty=0.5)
    e = QueryEvidence.of("who worries about skill loss", ["worries", "skill", "loss"], s)
    assert e.about_concern and not e.negated and e.roles == () and not e.failure and e.changes_anything()
    e = QueryEvidence.of("treats AI like a colleague", ["treats", "ai", "like", "colleague"], s)
    assert e.roles == ("colleague",) and (e.role_boost, e.role_holder_penalty) == (2.0, 0.5)
    assert QueryEvidence.of("AI is bad at math", ["ai", "bad", "math"], s).failure
    plain = Settings(negation_penalty=1.0, concern_stance=False, role_boost=1.0, failure_boost=1.0,
                     short_answer_penalty=1.0)
    assert not QueryEvidence.of("AI as a colleague", ["ai", "colleague"], plain).changes_anything()


@pytest.mark.parametrize("text,factor", [
    ("Both.", 0.5), ("Can you repeat the question?", 0.5), ("What do you mean?", 0.5),
    ("I would never use it at all.", 1.0),  # six words: an answer of its own
])
def test_an_answer_too_short_to_say_anything_ranks_lower(text: str, factor: float) -> None:
    assert QueryEvidence((), short_penalty=0.5).factor(text, []) == factor


@pytest.mark.parametrize("text,expected", [
    ("I fine with the loss of skills", True), ("It does not bother me", True), ("Not a concern for me", True),
    ("I am not particularly worried", True), ("No real concerns.", True), ("I worry a lot", False),
    ("I fear my writing is slipping", False), ("It is not something that I currently consider.", True),
    ("Not something I think about much", True), ("It is something I think about", False),
    ("They aren't skills I'm worried I'll lose", True), ("I isn't worried", True),
    ("I can't be bothered to write it myself", False), ("I'm not sure, but I worry", False),
    ("I refine with it", False),
])
def test_voices_no_concern(text: str, expected: bool) -> None:
    assert voices_no_concern(text) is expected


def test_concern_stance_only_for_concern_queries() -> None:
    text = "I'm fine with AI planning my lessons"
    assert concern_query(["worries", "skill", "loss"]) and not concern_query(["plan", "lessons"])
    assert ev(["plan", "lessons"], 0.0, 0.5).factor(text, []) == 1.0
    assert ev(["worries"], 0.0, 0.5, concern=True, concern_penalty=0.5).factor(text, []) == 0.5
    # saying there is no such concern is the opposite answer: its own, stronger multiplier
    assert ev(["worries"], 0.0, 0.5, concern=True, concern_penalty=0.25).factor(text, []) == 0.25
    assert ev(["worries"], 0.0, 1.0, concern=True, concern_penalty=0.25).factor(text, []) == 0.25  # negation off
    assert ev(["worries"], 0.0, 0.5, True, True, 0.25).factor(text, []) == 1.0  # "who doesn't worry …"


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
    # a person's role is answered by any person AI is cast as, or by the sounding-board idiom
    assert casts_ai_as("I like to think of AI as my assistant, not my replacement.", roles)
    assert casts_ai_as("AI has been like a mentor to me.", roles)
    assert casts_ai_as("I use AI to bounce my ideas off before a meeting.", roles)
    assert not casts_ai_as("I use it as a way to experiment.", roles)
    assert not casts_ai_as("I use AI as a tool for emails.", roles)
    # … but not for a role that is no person's
    assert not casts_ai_as("I see AI as my assistant.", ("crutch",))
    assert casts_ai_as("I worry people use AI as a crutch.", ("crutch",))


def test_role_holders_and_the_role_evidence_factor() -> None:
    roles = ("colleague", "thinking", "partner")
    assert names_role_holder("A few of my colleagues use AI for emails.", roles)
    assert not names_role_holder("I see AI as a colleague.", roles)
    assert not names_role_holder("I use AI for emails.", roles)
    assert not names_role_holder("My colleagues use it as a crutch.", ("crutch",))
    e = QueryEvidence(("colleague",), roles=roles, role_boost=2.0, role_holder_penalty=0.5)
    assert e.factor("I see AI as a colleague.", []) == 2.0
    assert e.factor("My colleagues don't use AI.", []) == 0.5
    assert e.factor("I use AI for emails.", []) == 1.0


def test_failure_queries_and_failure_reports() -> None:
    assert failure_query("AI is bad at math or calculations") and failure_query("AI making up facts or sources")
    assert not failure_query("using AI to summarize documents") and not failure_query("AI is good at math")
    assert reports_failure("It tends to be calculation errors.")
    assert reports_failure("It completely made up two of the citations.")
    assert reports_failure("The answer wasn't accurate at all.")
    assert not reports_failure("I use AI for vector math because I find it hard.")
    # a failure named only to dismiss it is the opposite report; another sentence can still report one
    assert not reports_failure("There's talk of AI hallucination, but I find this is rarely an issue with math.")
    assert not reports_failure("I have never seen it make mistakes with numbers.")
    assert reports_failure("It never gets the math right, lots of errors.")
    assert reports_failure("It made up two citations. I have never had that before.")


def test_a_phrase_highlighted_as_one_span_counts_each_of_its_words() -> None:
    from indexer.rerank import matched_terms

    text = "I always double-check the output."
    start = text.index("double")
    assert matched_terms(text, [(start, start + len("double-check"))], ["double", "check"]) == {"double", "check"}


def test_a_query_of_rare_words_ranks_passages_that_say_none_of_them_lower() -> None:
    from indexer.settings import Settings

    names = QueryEvidence.of("midjourney", ["midjourney"], Settings(), rare_words_only=True)
    assert names.factor("I tried Midjourney for covers last year.", [(8, 18)]) == 1.0
    assert names.factor("Image tools help me sketch covers quickly.", []) == 0.25
    topic = QueryEvidence.of("midjourney", ["midjourney"], Settings())  # not all rare: meaning may stand alone
    assert topic.factor("Image tools help me sketch covers quickly.", []) == 1.0


def test_x_without_y_query_ranks_passages_that_negate_x_lower() -> None:
    from indexer.rerank import asserted_before_without
    from indexer.settings import Settings

    terms = ["trusts", "ai", "output", "without", "checking"]
    assert asserted_before_without("who trusts AI output without checking it", terms) == ("trusts", "ai", "output")
    assert asserted_before_without("who worries about skill loss", ["worries", "skill", "loss"]) == ()
    assert asserted_before_without("never sends AI text without editing", ["never", "sends", "ai", "text"]) == ()
    e = QueryEvidence.of("who trusts AI output without checking it", terms, Settings())
    assert e.negated and e.asserted == ("trusts", "ai", "output")
    distrust = "I don't trust anything from AI."
    assert e.factor(distrust, spans_of(distrust, "trust", "AI")) == 0.5  # trust negated: 1 of 2 spans
    trusting = "I trust AI a bit more without double checking everything."
    assert e.factor(trusting, spans_of(trusting, "trust", "AI", "checking")) == 1.0
    # Without the penalty switched on, nothing is read.
    assert QueryEvidence.of("who trusts AI without checking", terms, Settings(negation_penalty=1.0)).asserted == ()
