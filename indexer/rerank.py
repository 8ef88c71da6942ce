"""Chunk-level evidence features after retrieval: term coverage, negation, AI cast in a role, failure reports.

Pure functions over a chunk's text and the spans FTS5 matched in it. Two general failure modes of
BM25 and MiniLM on researcher queries motivate them: a chunk matching one rare query word ("loss"
of contracts) outranks one that says the whole thing, and "I'm not worried about losing skills"
matches "who worries about skill loss" as well as "I worry I'm losing my skills".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

NEGATIONS = frozenset(
    ["not", "no", "never", "nor", "without", "hardly", "barely", "cannot", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "cant", "couldnt", "shouldnt", "wouldnt", "havent", "hasnt", "hadnt", "neither"]
)
_WORD = re.compile(r"[\w'’]+")
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]|\bbut\b", re.I)
NEGATION_WINDOW = 3  # words before a matched term that can negate it


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
    r"^\W*(?:no\b(?!\s+(?:one|matter|doubt|question))|nope\b|nah\b|not\s+(?:really|at\s+all|much|particularly|"
    r"yet|so\s+much)\b|never\b|i\s+(?:do\s*n[o']?t|don['’]t|am\s+not|'m\s+not|’m\s+not|haven['’]?t)\s+"
    r"(?:really\s+)?(?:worr|concern|think|feel|notice|see|experience|had|have)|i\s+wouldn['’]?t\s+say)",
    re.I,
)


def opens_with_negative_reply(text: str) -> bool:
    return bool(_NEGATIVE_REPLY.match(text))


# Queries about a concern ("who worries about X", "people afraid of Y") are answered negatively
# in many words besides a negated "worry": acceptance and indifference say the same.
_CONCERN_QUERY = re.compile(r"\b(?:worr\w*|concern\w*|fear\w*|afraid|anxi\w*|scared|nervous|uneasy)\b", re.I)
_UNCONCERNED = re.compile(
    r"\b(?:(?:not|n['’]t)\s+(?:\w+\s+)?(?:worried|concerned|afraid|scared|anxious|bothered|fearful|nervous)|"
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
    """Which query words the highlighted spans stand for (shared prefix, as porter stems would)."""
    found: set[str] = set()
    for s, e in spans:
        word = text[s:e].lower()
        for term in terms:
            n = min(len(term), max(4, len(term) - 3))
            if word[:n] == term[:n]:
                found.add(term)
    return found


def evidence_factor(
    text: str,
    spans: Sequence[tuple[int, int]],
    terms: Sequence[str],
    coverage_weight: float,
    negation_penalty: float,
    query_negated: bool,
    about_concern: bool = False,
    concern_penalty: float = 0.5,
) -> float:
    """Multiplier in (0, 1] for a chunk's retrieval score."""
    factor = 1.0
    if terms and coverage_weight:
        coverage = len(matched_terms(text, spans, terms)) / len(set(terms))
        factor *= (1.0 - coverage_weight) + coverage_weight * coverage
    if query_negated:
        return factor
    if about_concern and voices_no_concern(text):
        factor *= concern_penalty
    elif negation_penalty < 1.0:
        negated = sum(1 for s, _ in spans if is_negated(text, s))
        if (spans and negated and negated * 2 >= len(spans)) or opens_with_negative_reply(text):
            factor *= negation_penalty
    return factor


# "treats AI like a colleague", "sees AI as a crutch": the query names a role for AI, and answers
# about the role's human holders ("my colleagues use AI") share its words but not the relation.
_ROLE_QUERY = re.compile(r"\b(?:ai|it|chatgpt|claude)\s+(?:like|as)\s+(?:an?\s+|my\s+|our\s+)?(.+)$", re.I)
_ROLE_STOP = frozenset(["or", "and", "a", "an", "my", "our", "the", "of", "to", "for", "with", "in"])
_AI_NAMES = r"(?:ai|it|chatgpt|claude|gpt|copilot|gemini|llms?|the\s+(?:model|tool|bot|assistant))"


def role_words(query: str) -> tuple[str, ...]:
    """The role a query casts AI in, as words ("colleague", "thinking", "partner"); () if none."""
    m = _ROLE_QUERY.search(query)
    if not m:
        return ()
    return tuple(w for w in re.findall(r"[a-z]+", m.group(1).lower()) if w not in _ROLE_STOP)


@lru_cache(maxsize=64)
def _role_pattern(roles: tuple[str, ...]) -> re.Pattern[str]:
    # Built once per query's roles: casts_ai_as runs on each of the top 200 candidates.
    alternation = "|".join(re.escape(r[:max(4, len(r) - 2)]) for r in roles)
    return re.compile(
        rf"\b{_AI_NAMES}\b[^.!?]{{0,40}}?\b(?:as|like)\s+(?:an?\s+|my\s+|our\s+|kind\s+of\s+|sort\s+of\s+)?"
        rf"[\"“‘']?(?:[\w-]+\s+){{0,2}}(?:{alternation})", re.I)


def casts_ai_as(text: str, roles: Sequence[str]) -> bool:
    """True if the text itself casts AI in one of the roles ("I see AI as a partner", "use it like an intern")."""
    return bool(_role_pattern(tuple(roles)).search(text))


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


def reports_failure(text: str) -> bool:
    return bool(_FAILURE.search(text))
