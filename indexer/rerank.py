"""Chunk-level evidence after retrieval, per query (QueryEvidence): coverage, negation, concern stance, AI cast in a role, failure reports.

Pure functions over a chunk's text and the spans FTS5 matched in it. Two general failure modes of
BM25 and MiniLM on researcher queries motivate them: a chunk matching one rare query word ("loss"
of contracts) outranks one that says the whole thing, and "I'm not worried about losing skills"
matches "who worries about skill loss" as well as "I worry I'm losing my skills".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from indexer.chunk import ROUGH_SENTENCE


class RankSettings(Protocol):
    """The ranking knobs QueryEvidence reads (indexer.settings.Settings has them)."""

    coverage_weight: float
    negation_penalty: float
    without_scope: bool
    concern_penalty: float
    concern_stance: bool
    role_boost: float
    role_holder_penalty: float
    failure_boost: float
    short_answer_penalty: float
    unsaid_penalty: float


NEGATIONS = frozenset(
    ["not", "no", "never", "nor", "without", "hardly", "barely", "cannot", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "cant", "couldnt", "shouldnt", "wouldnt", "havent", "hasnt", "hadnt", "neither"]
)
_WORD = re.compile(r"[\w'’]+")
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]|\bbut\b", re.I)
NEGATION_WINDOW = 3  # words before a matched term that can negate it
# An answer this short says too little to quote as evidence on its own: its closeness to a query
# comes from the interviewer's question, which is indexed and embedded with it.
SHORT_ANSWER_WORDS = 6


def _norm(word: str) -> str:
    return word.lower().replace("’", "'").replace("'", "")


def query_has_negation(words: Sequence[str]) -> bool:
    return any(_norm(w) in NEGATIONS or _norm(w).endswith("nt") and _norm(w)[:-2] in {"don", "doesn", "isn"}
               for w in words)


def is_negated(text: str, start: int) -> bool:
    """True if one of the few words before text[start] (in the same clause) is a negation."""
    before = text[max(0, start - 60) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    words = [_norm(w) for w in _WORD.findall(before)][-NEGATION_WINDOW:]
    return any(w in NEGATIONS or w.endswith("nt") and len(w) > 3 and w not in {"want", "went", "client",
               "different", "important", "current", "recent", "student", "event", "percent", "content"}
               for w in words)


# "Do you worry about losing skills?" → "No, not really." says the opposite of the query while
# sharing none of its words; an answer that opens with a negative reply is read as one.
_NEGATIVE_REPLY = re.compile(
    r"^\W*(?:(?:oh|well|um+|hmm+|honestly|actually|so)\W+)?(?:no\b(?!\s+(?:one|matter|doubt|question))|nope\b|nah\b|not\s+(?:really|at\s+all|much|particularly|"
    r"yet|so\s+much)\b|never\b|i\s+(?:do\s*n[o']?t|don['’]t|am\s+not|'m\s+not|’m\s+not|haven['’]?t)\s+"
    r"(?:really\s+)?(?:worr|concern|think|feel|notice|see|experience|had|have)|i\s+wouldn['’]?t\s+say)",
    re.I,
)


def opens_with_negative_reply(text: str) -> bool:
    return bool(_NEGATIVE_REPLY.match(text))


def asserted_before_without(query: str, terms: Sequence[str]) -> tuple[str, ...]:
    """The terms an "X without Y" query asserts: those before its "without" ("trusts AI output").

    Its negation belongs to Y alone, so a passage that negates X ("I don't trust AI output") says
    the opposite, while the blanket rule (a negated query reads negation as the answer) let it lead.
    """
    m = re.search(r"\bwithout\b", query, re.I)
    if not m:
        return ()
    head = _WORD.findall(query[: m.start()])
    if query_has_negation(head):
        return ()  # "never sends AI text without editing it": both sides are negated, leave it be
    said = {_norm(w) for w in head}
    return tuple(t for t in terms if _norm(t) in said)


# Queries about a concern ("who worries about X", "people afraid of Y") are answered negatively
# in many words besides a negated "worry": acceptance and indifference say the same.
_CONCERN_QUERY = re.compile(r"\b(?:worr\w*|concern\w*|fear\w*|afraid|anxi\w*|scared|nervous|uneasy)\b", re.I)
_UNCONCERNED = re.compile(
    # "can't be bothered" is the idiom for laziness, not a want of concern
    r"\b(?:(?:not|\w+n['’]t)\s+(?!be\s+bothered)(?:[\w'’]+\s+){0,2}(?:worried|concerned|afraid|scared|anxious|bothered|fearful|nervous)|"
    r"(?:don['’]?t|do\s+not|never|doesn['’]?t|does\s+not)\s+(?:really\s+|too\s+much\s+)?(?:worry|fear|bother|concern)|"
    r"no\s+(?:real\s+|big\s+)?(?:worries|concerns?|fears?)|not\s+(?:a|really\s+a|much\s+of\s+a)\s+(?:concern|worry|problem)|"
    r"(?:fine|okay|ok|comfortable|at\s+peace|unbothered|relaxed)\s+with|(?:unconcerned|unworried)|"
    r"not\s+(?:something|anything)\s+(?:that\s+)?I\s+(?:really\s+|currently\s+|actively\s+|often\s+)?"
    r"(?:consider|think\s+about|worry\s+about|dwell\s+on|focus\s+on))\b",
    re.I,
)


def concern_query(words: Sequence[str]) -> bool:
    return any(_CONCERN_QUERY.fullmatch(w) for w in words)


def voices_no_concern(text: str) -> bool:
    return bool(_UNCONCERNED.search(text))


def matched_terms(text: str, spans: Sequence[tuple[int, int]], terms: Sequence[str]) -> set[str]:
    """Which query words the highlighted spans stand for (shared prefix, as porter stems would).

    The prefix is measured on the shorter of the two words, so "documents" counts for
    "documentation" (both stem to "document"), as FTS5 already decided when it highlighted it.
    """
    found: set[str] = set()
    for s, e in spans:
        # A phrase is highlighted as one span ("double-check"): each of its words stands for a term.
        for word in _SPAN_WORD.findall(text[s:e].lower()):
            for term in terms:
                n = min(len(term), len(word), max(4, min(len(term), len(word)) - 3))
                if word[:n] == term[:n]:
                    found.add(term)
    return found


_SPAN_WORD = re.compile(r"[\w'’]+")


# "treats AI like a colleague", "sees AI as a crutch": the query names a role for AI, and answers
# about the role's human holders ("my colleagues use AI") share its words but not the relation.
_ROLE_QUERY = re.compile(r"\b(?:ai|it|chatgpt|claude)\s+(?:like|as)\s+(?:an?\s+|my\s+|our\s+)?(.+)$", re.I)
_ROLE_STOP = frozenset(["or", "and", "a", "an", "my", "our", "the", "of", "to", "for", "with", "in"])
_AI_NAMES = r"(?:ai|it|chatgpt|claude|gpt|copilot|gemini|llms?|the\s+(?:model|tool|bot|assistant))"
# When the role asked about is a person's, people cast AI as whichever person they have in mind: a
# query for "a colleague" is answered by "AI as my assistant", "a partner", "a mentor".
PERSON_ROLES = (
    "colleague", "coworker", "co-worker", "teammate", "partner", "collaborator", "assistant", "intern",
    "helper", "consultant", "advisor", "adviser", "mentor", "tutor", "sounding board", "soundboard",
    "sparring", "peer", "friend", "buddy", "companion", "employee", "secretary", "apprentice",
    "pair programmer", "confidant", "editor", "proofreader",
)  # not jobs people state as their own in "I use it as a teacher …" (teacher, researcher, coach)
# "I use it to bounce ideas off": AI as a sounding board, in the idiom rather than a noun.
_BOUNCE = rf"\b{_AI_NAMES}\b[^.!?]{{0,40}}?\bbounc\w*\s+(?:\w+\s+){{0,2}}(?:ideas?|thoughts?|things)\b"


def _stem(word: str) -> str:
    return word[:max(4, len(word) - 2)]


def role_words(query: str) -> tuple[str, ...]:
    """The role a query casts AI in, as words ("colleague", "thinking", "partner"); () if none."""
    m = _ROLE_QUERY.search(query)
    if not m:
        return ()
    return tuple(w for w in re.findall(r"[a-z]+", m.group(1).lower()) if w not in _ROLE_STOP)


def person_roles(roles: Sequence[str]) -> tuple[str, ...]:
    """The query's role words that name a person ("colleague", "partner"; not "thinking", "crutch")."""
    return tuple(r for r in roles if any(_stem(r) == _stem(p) for p in PERSON_ROLES))


@lru_cache(maxsize=64)
def _role_pattern(roles: tuple[str, ...]) -> re.Pattern[str]:
    # Built once per query's roles: casts_ai_as runs on each of the top 200 candidates.
    people = person_roles(roles)
    # The query's own words match by stem, as before; the other person nouns as whole words (plural
    # allowed), since their stems are too short to be safe ("expe" would match "experiment").
    options = {re.escape(_stem(r)) for r in roles}
    if people:
        options |= {re.escape(r).replace(r"\ ", r"\s+") + r"s?\b" for r in PERSON_ROLES}
    alternation = "|".join(sorted(options))
    cast = (rf"\b{_AI_NAMES}\b[^.!?]{{0,40}}?\b(?:as|like)\s+(?:an?\s+|my\s+|our\s+|kind\s+of\s+|sort\s+of\s+)?"
            rf"[\"“‘']?(?:[\w-]+\s+){{0,2}}(?:{alternation})")
    return re.compile(cast + (f"|{_BOUNCE}" if people else ""), re.I)


def casts_ai_as(text: str, roles: Sequence[str]) -> bool:
    """True if the text itself casts AI in one of the roles ("I see AI as a partner", "use it like an intern");
    for a person's role, in any person's role ("AI as my assistant") or as one to bounce ideas off."""
    return bool(_role_pattern(tuple(roles)).search(text))


@lru_cache(maxsize=64)
def _holder_pattern(people: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(_stem(r)) for r in people) + r")", re.I)


def names_role_holder(text: str, roles: Sequence[str]) -> bool:
    """True if the text names the query's person role ("my colleagues") without casting AI in any."""
    people = person_roles(roles)
    return bool(people) and bool(_holder_pattern(people).search(text)) and not casts_ai_as(text, roles)


# "AI is bad at math", "AI making up facts": the query asks for reports of AI failing. Answers that
# only use AI for the topic share its words; the reports say how it went wrong.
_FAILURE_QUERY = re.compile(
    r"\b(?:bad|poor|terrible|awful|unreliable|wrong|worse|weak|inaccurate)\s+(?:at|with|in|for)\b|"
    r"\bmak(?:e|es|ing)\s+(?:up|mistakes|errors)\b|\bhallucinat\w*|\bfail\w*\b|\bstruggl\w*|\bgets?\s+\w+\s+wrong\b",
    re.I)
_FAILURE = re.compile(
    r"\b(?:mistakes?|errors?|erroneous|wrong|incorrect\w*|inaccura\w+|hallucinat\w*|made\s+up|makes?\s+(?:things|stuff)\s+up|"
    r"fabricat\w+|invent\w*|false|miscalculat\w*|(?:not|isn['’]t|wasn['’]t)\s+(?:very\s+)?(?:good|great|reliable|accurate|correct)|"
    r"bad\s+at|can['’]?t\s+(?:do|handle|get)|fails?|failed|nonsense|flawed|unreliable)\b",
    re.I)


def failure_query(query: str) -> bool:
    return bool(_FAILURE_QUERY.search(query))


# "there's talk of hallucination, but I find this is rarely an issue": the sentence names the failure
# to dismiss it, which is the opposite report.
_DISMISSED = re.compile(
    r"\b(?:rarely|seldom|hardly\s+ever)\s+(?:been\s+)?(?:an?\s+)?(?:issue|problem)|"
    r"\b(?:not|never|isn['’]?t|wasn['’]?t|hasn['’]?t\s+been)\s+(?:really\s+|been\s+|ever\s+)?(?:an?\s+)?(?:issue|problem)\b|"
    r"\bno\s+(?:real\s+|major\s+)?(?:issues|problems)\b|"
    r"\b(?:haven['’]?t|hasn['’]?t|didn['’]?t|don['’]?t|never)\s+(?:\w+\s+){0,2}?(?:had|seen|noticed|experienced|"
    r"run\s+into|encountered|come\s+across)\b",
    re.I)


def reports_failure(text: str) -> bool:
    """True if a sentence of the text reports AI going wrong and does not dismiss it."""
    if not _FAILURE.search(text):
        return False
    return any(_FAILURE.search(s) and not _DISMISSED.search(s) for s in ROUGH_SENTENCE.findall(text))


def _mostly_negated(text: str, spans: Sequence[tuple[int, int]], terms: Sequence[str]) -> bool:
    """True if at least half the spans that say one of the terms are negated."""
    said = [s for s, e in spans if matched_terms(text, [(s, e)], terms)]
    return bool(said) and sum(is_negated(text, s) for s in said) * 2 >= len(said)


@dataclass(frozen=True)
class QueryEvidence:
    """What one query asks of a chunk's own words, worked out once; `factor` scores each candidate."""

    terms: tuple[str, ...]
    coverage_weight: float = 0.0
    negation_penalty: float = 1.0
    concern_penalty: float = 1.0  # applied when the query is about a concern and the chunk voices none
    about_concern: bool = False
    negated: bool = False  # "who doesn't worry …": negation in the chunk is then the answer
    roles: tuple[str, ...] = ()
    role_boost: float = 1.0
    role_holder_penalty: float = 1.0  # the role's human holders, not AI in the role
    failure: bool = False
    failure_boost: float = 1.0
    short_penalty: float = 1.0  # "Both.", "Can you repeat the question?": the match was the question's
    # A query of rare words only ("midjourney", "nurse"): a passage that does not say one of them
    # is a neighbour in meaning, and must not outrank the mentions asked for.
    unsaid_penalty: float = 1.0
    asserted: tuple[str, ...] = ()  # "trusts AI without checking": the words asserted despite the negation

    @classmethod
    def of(cls, query: str, terms: Sequence[str], settings: RankSettings, rare_words_only: bool = False) -> QueryEvidence:
        """rare_words_only: every word of the query is in few passages (a name, a tool, a job)."""
        s = settings
        roles = role_words(query)
        return cls(
            tuple(terms), s.coverage_weight, s.negation_penalty, s.concern_penalty,
            s.concern_stance and concern_query(terms), query_has_negation(terms),
            roles if (s.role_boost != 1.0 or s.role_holder_penalty != 1.0) else (),
            s.role_boost, s.role_holder_penalty, s.failure_boost != 1.0 and failure_query(query), s.failure_boost,
            s.short_answer_penalty, s.unsaid_penalty if rare_words_only else 1.0,
            asserted_before_without(query, terms) if s.without_scope and s.negation_penalty < 1.0 else (),
        )

    def changes_anything(self) -> bool:
        return bool(self.coverage_weight or self.negation_penalty < 1.0 or self.about_concern or self.roles
                    or self.asserted
                    or self.failure or self.short_penalty < 1.0 or self.unsaid_penalty < 1.0)

    def factor(self, text: str, spans: Sequence[tuple[int, int]]) -> float:
        """Multiplier for a chunk's retrieval score: < 1 for the wrong evidence, > 1 for the asked-for kind."""
        factor = 1.0
        if self.terms and self.coverage_weight:
            coverage = len(matched_terms(text, spans, self.terms)) / len(set(self.terms))
            factor *= (1.0 - self.coverage_weight) + self.coverage_weight * coverage
        if not self.negated:
            if self.about_concern and voices_no_concern(text):
                factor *= self.concern_penalty
            elif self.negation_penalty < 1.0:
                negated = sum(1 for s, _ in spans if is_negated(text, s))
                if (spans and negated and negated * 2 >= len(spans)) or opens_with_negative_reply(text):
                    factor *= self.negation_penalty
        elif self.asserted and spans and _mostly_negated(text, spans, self.asserted):
            # Y's side is left alone: "without double and triple checking" puts the negation
            # beyond the window, so "affirms Y" misread the very answers asked for.
            factor *= self.negation_penalty
        if self.roles:
            if casts_ai_as(text, self.roles):
                factor *= self.role_boost
            elif names_role_holder(text, self.roles):
                factor *= self.role_holder_penalty
        if self.failure and reports_failure(text):
            factor *= self.failure_boost
        if self.short_penalty < 1.0 and len(_WORD.findall(text)) < SHORT_ANSWER_WORDS:
            factor *= self.short_penalty
        if self.unsaid_penalty < 1.0 and not spans:
            factor *= self.unsaid_penalty
        return factor
