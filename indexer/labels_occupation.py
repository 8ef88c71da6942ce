"""Occupation and SOC 2018 major group of a participant, from what they say about their work."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from indexer.chunk import ROUGH_SENTENCE
from indexer.labels_fields import field_sentence
from indexer.labels_groups import cue_code
from indexer.labels_patterns import (
    ADJUNCT,
    AGENT,
    AI_ROLES,
    AI_SUBJECT,
    BUSINESS,
    CLAUSE_START,
    DOMAIN_NOUN,
    EXTEND,
    HYPOTHETICAL,
    INTRO,
    INTRO_KEYS,
    NEGATED_INTRO,
    NOT_JOB_HEAD,
    NOT_JOB_START,
    ORG,
    PERSON,
    SELF_EMPLOYED_AS,
    SPEAKER_AS,
    STOP,
    TASK_WORDS,
    TRAILING,
    TRAIT,
    UNIT,
    WORD,
)
from indexer.labels_roles import bare_owner, demotion, stated_roles
from indexer.labels_tables import Cue, cue_at, tables, titles_in
from indexer.models import Label, Transcript, Turn, cohort_prefix


def _phrase_after(text: str, pos: int) -> tuple[int, int]:
    """Offsets of the noun phrase that starts at pos: up to a clause break, at most 8 words."""
    limit = min(len(text), pos + 120)
    stop = STOP.search(text, pos, limit)
    end = stop.start() if stop else limit
    words = list(re.finditer(r"\S+", text[pos:end]))[:8]
    end = pos + words[-1].end() if words else pos
    return pos, end


def _extend(text: str, end: int) -> int:
    """Keep a following "in <field>" or "at <organisation>": part of how people state a job."""
    match = EXTEND.match(text, end)
    if not match:
        return end
    tail = match.group(1)
    if tables().field_re.search(tail) or ORG.search(tail):
        return match.end()
    return end


@dataclass(frozen=True)
class Candidate:
    """One occupation reading with the verbatim span that states it."""

    occupation: str
    score: float
    turn: Turn
    start: int  # offsets into Transcript.text
    end: int


_DOING = re.compile(r"\w+ing\s+(?:the|a|an|my|our|some|this|that|it|them|all|most)\b")
_LEADING = re.compile(r"^(?:(?:is|am|was|are|a|an|the|one|just|currently|also|really|very)\s+)+")


def _occupation_from(kind: str, phrase: str) -> str | None:
    """Normalise the captured phrase into an occupation, or None when it is not a job."""
    phrase = re.sub(r"\s+", " ", phrase.strip().lower().replace("’", "'"))
    phrase = TRAILING.sub("", phrase)
    phrase = _LEADING.sub("", phrase)  # "is a homeschool teacher", "a clinical professional"
    if not phrase or phrase.split()[0] in NOT_JOB_START or phrase.split()[0] in CLAUSE_START:
        return None  # "I'm a big fan", "I'm a collaborative partner": attitudes, not jobs
    # Formal O*NET titles name a job after "I'm a"/"I work as"; after a loose "as the"/"in the"
    # they are as often other people ("as the pathologists performed") or a role taken on once.
    found = titles_in(phrase, hand_only=kind != "title")
    if kind in ("title", "as") and _DOING.match(phrase):
        return None  # "I am the one doing the teaching": an activity, not a title ("planning engineer" is)
    if kind == "manage":
        return f"{phrase} manager" if UNIT.search(phrase) and not found else (phrase if found else None)
    if kind == "tutor":
        return "tutor"
    if kind == "rank":
        return "manager"
    if kind == "bare":
        if not found or found[0][0] > 0 or not PERSON.search(found[0][2]):
            return None
        return phrase[: found[0][1]]
    if kind == "runs":
        head = phrase.split()[-1] if phrase else ""
        if found or not (BUSINESS.fullmatch(head) or UNIT.fullmatch(head)):
            return None  # "management of the team's tools" is a task; only a business or unit is run
        return f"{phrase} manager"
    if kind == "teach":
        # "I teach IT at college" → "it teacher at college", not "it at college teacher"
        if not phrase or found:
            return phrase or None
        subject, sep, where = (re.split(r"(\s(?:at|in|for)\s)", phrase, maxsplit=1) + ["", ""])[:3]
        if re.match(r"\d+(?!st|nd|rd|th)", subject):
            return "teacher"  # "I teach 25 min - 50 min classes": how long, not what ("7th grade" is what)
        return f"{subject} teacher{sep}{where}".rstrip()
    if kind == "owner":
        business = BUSINESS.search(phrase)
        if business and not found:
            phrase = phrase[: business.end()]  # "a small farm and sell the produce" → "small farm"
        if business or any(t in ("owner", "founder", "co-founder") for _, _, t in found):
            return phrase if re.search(r"\b(?:owner|founder)\b", phrase) else f"{phrase} owner"
        return None  # "I run the admin of the website", "I own the marketing": a task, not a business
    if not found:
        # An unlisted title still counts after "I'm a"/"I work as a" when it reads like a job noun.
        head = phrase.split()[-1] if phrase else ""
        if kind == "title" and AGENT.search(head) and head not in NOT_JOB_HEAD and len(phrase.split()) <= 4:
            return phrase
        return None
    if kind == "as" and found[-1][2] in AI_ROLES and len(phrase.split()) <= 2:
        return None
    if kind == "as" and DOMAIN_NOUN.search(found[-1][2]):
        return None  # "as the existing architecture", "as a finance tool": a domain, not a person's job
    if kind in ("in", "fellow") and found[0][0] > 0:
        # "I'm in two minds about customer service", "my other coworkers are all baristas": the domain
        # or the fellows' title must come first
        return None
    if kind == "mywork":
        # Only a field stated as such: "my admin tasks" and "my writing work" are tasks anyone has.
        if not found or found[0][0] > 0 or found[0][2] in TASK_WORDS:
            return None
        phrase = phrase[: found[-1][1]]
        return phrase if PERSON.search(phrase) else f"{phrase} professional"
    if kind in ("domain", "in"):
        phrase = re.sub(r"\s+(?:role|position|field|industry|sector|department|space)$", "", phrase)
        return phrase if PERSON.search(phrase) else f"{phrase} professional"
    if kind == "fellow":
        last = found[0]
        if not PERSON.search(last[2]):
            return None  # "other communications": a domain word, not fellow workers
        return phrase[: last[1]].rstrip("s") if phrase[: last[1]].endswith("s") else phrase[: last[1]]
    return phrase


_QUOTE_MARKS = re.compile(r'["“”]')


def _quoted(text: str, pos: int) -> bool:
    """Whether pos sits inside an open double quote of its own paragraph (reported speech)."""
    start = text.rfind("\n", 0, pos) + 1
    return len(_QUOTE_MARKS.findall(text, start, pos)) % 2 == 1


def _explicit(transcript: Transcript, answers: list[Turn]) -> list[Candidate]:
    out: list[Candidate] = []
    text = transcript.text
    for rank, turn in enumerate(answers):
        weight = 1.0 / (1.0 + 0.06 * rank)  # early answers are where people introduce themselves
        low = turn.text.lower()
        for (pattern, strength, kind), keys in zip(INTRO, INTRO_KEYS, strict=True):
            if not any(k in low for k in keys):  # cheap literal test before the regex
                continue
            for m in pattern.finditer(turn.text):
                if kind == "as" and AI_SUBJECT.search(turn.text, max(0, m.start() - 40), m.start()) and not \
                        SPEAKER_AS.search(turn.text, max(0, m.start() - 30), m.start()):
                    continue
                own_trade = kind == "as" and SELF_EMPLOYED_AS.search(turn.text, max(0, m.start() - 40), m.start())
                if NEGATED_INTRO.search(turn.text, max(0, m.start() - 25), m.start()):
                    continue  # "I don't think I'm a …", "I'm not a …": what they are not
                if HYPOTHETICAL.search(turn.text, max(0, m.start() - 15), m.start()):
                    continue  # "as if I am a teacher correcting homework": a comparison, not a job
                if _quoted(turn.text, m.start()):
                    continue  # 'too much "I'm a manager and I know best" hubris': someone else's words
                pos = turn.start + m.end()
                start, end = _phrase_after(text, pos)
                if end <= start:
                    continue
                if TRAIT.match(text, end):
                    continue  # "a hugely expressive and creative person": a trait, not a job
                found = (titles_in(text[start:end], kind != "title")
                         if kind in ("title", "as", "domain", "in", "bare", "mywork") else [])
                if found:  # cut what follows the title: "teacher there needs" → "teacher"
                    end = start + found[-1][1]
                    if kind != "title" and ADJUNCT.match(text, end):
                        continue  # "as far as the admin work goes": the title word names a kind of task
                end = min(_extend(text, end), turn.end)
                occupation = _occupation_from("title" if own_trade else kind, text[start:end])
                if occupation:
                    out.append(Candidate(occupation, strength * weight, turn, turn.start + m.start(), end))
    return out


def _implied(answers: list[Turn], lean: str = "", only: str = "") -> Candidate | None:
    """Occupation implied by work-domain cues, summed over answers (earlier ones count double).

    Word n-gram lookup rather than regexes: it is the hot path for interviews with no stated title.
    """
    cues = tables().cues
    starts = {key[0] for key in cues}
    scores: dict[str, float] = {}
    first: dict[str, tuple[Turn, int, int]] = {}
    seen: set[int] = set()

    def fresh(hit: Cue) -> bool:  # a cue counts once per answer, and only from the asked-for group
        return hit[0] not in seen and not (only and hit[2] != only)

    for rank, turn in enumerate(answers[:14]):
        factor = 2.0 if rank <= 3 else 1.0
        # One tokenisation for both: lower-casing can change the token count ("İ" → "i̇"), which would
        # let word i and span i drift apart.
        matches = list(WORD.finditer(turn.text))
        spans = [m.span() for m in matches]
        words = [m.group(0).lower().replace("’", "'") for m in matches]
        seen.clear()
        after = 0  # a longer cue consumes its words: "product listings" is not also "listings"
        for i, word in enumerate(words):
            if i < after or word not in starts:  # most words start no cue; skip them cheaply
                continue
            found = cue_at(words, i, fresh)
            if found is None:
                continue
            n, (cue_id, occupation, code, weight) = found
            after = i + n
            seen.add(cue_id)
            # The cohort says what field they are in: its own occupations count double.
            boost = 2.0 if code == lean else 1.0
            scores[occupation] = scores.get(occupation, 0.0) + weight * factor * boost
            first.setdefault(occupation, (turn, spans[i][0], spans[min(i + n, len(spans)) - 1][1]))
    if not scores:
        return None
    best = max(scores, key=lambda o: scores[o])
    turn, s, e = first[best]
    return Candidate(best, scores[best], turn, turn.start + s, turn.start + e)


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    for m in ROUGH_SENTENCE.finditer(text):
        if m.start() <= start < m.end():
            s, e = m.start(), max(m.end(), end)
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            return s, e
    return start, end


_COHORT_DEFAULT = {"science": "researcher", "creativity": "creative professional"}


def occupation(transcript: Transcript) -> Label:
    """The participant's occupation with verbatim evidence, or unknown."""
    answers = [t for t in transcript.turns if t.speaker == "participant" and t.text]
    prefix = cohort_prefix(transcript.transcript_id)
    # Employment types and past training give way to other evidence; stated roles join the titles.
    candidates = [replace(c, score=c.score * demotion(c.occupation)
                          * (0.25 if prefix == "creativity" and bare_owner(c.occupation) else 1.0))
                  for c in _explicit(transcript, answers)]
    implied = _implied(answers, {"science": "19", "creativity": "27"}.get(prefix, ""))
    makes_art = implied is not None and implied.score >= 2.0 and cue_code(implied.occupation) == "27"
    candidates += [Candidate(*found) for found in stated_roles(answers, prefix, makes_art)]
    best: Candidate | None = max(candidates, key=lambda c: c.score) if candidates else None
    if best is not None and best.score >= 0.3:
        confidence = min(0.95, 0.5 + 0.45 * best.score)
    elif prefix == "science" and (implied is None or tables().titles.get(implied.occupation) != "19") and (
        field := field_sentence(answers)
    ):
        turn, s, e, name = field
        best, confidence = Candidate(f"{name} researcher".strip(), 0.3, turn, turn.start + s, turn.start + e), 0.35
    elif prefix == "creativity" and (implied is None or cue_code(implied.occupation) != "27"):
        # The creatives cohort was recruited as creative professionals: an office cue does not outweigh that.
        creative = _implied(answers, "27", only="27")
        if creative is not None:
            best, confidence = creative, 0.35
        elif answers:
            turn = answers[min(1, len(answers) - 1)]
            best, confidence = Candidate("creative professional", 0.2, turn, turn.start, turn.start), 0.2
        else:
            return Label("unknown", 0.0, "none")
    elif implied is not None and implied.score >= 2.0 and not (
        prefix == "science" and tables().titles.get(implied.occupation) not in (None, "19")
    ):
        best, confidence = implied, min(0.6, 0.25 + implied.score / 20)
    elif best is not None:
        confidence = 0.4
    elif prefix in _COHORT_DEFAULT:
        # The cohort itself says something: the science cohort are researchers, creatives are in arts.
        field = field_sentence(answers) if prefix == "science" else None
        if field is not None:
            turn, s, e, name = field
            best = Candidate(f"{name} researcher".strip(), 0.3, turn, turn.start + s, turn.start + e)
        elif implied is not None and not (
            # Scientists who code are still scientists: a task cue from another group ("debugging")
            # does not outweigh the cohort they were recruited as; only a stated title would.
            prefix == "science" and tables().titles.get(implied.occupation) not in (None, "19")
        ):
            best = implied
        elif answers:
            turn = answers[min(1, len(answers) - 1)]
            best = Candidate(_COHORT_DEFAULT[prefix], 0.2, turn, turn.start, turn.start)
        else:
            return Label("unknown", 0.0, "none")
        confidence = 0.3
    elif implied is not None:
        best, confidence = implied, 0.25
    else:
        return Label("unknown", 0.0, "none")
    if prefix == "science" and best.occupation == "researcher" and (field := field_sentence(answers)) and field[3]:
        # "researcher" alone is what the whole cohort is; the subject they name is what a reader
        # filters by ("category theory researcher"), and its sentence is the better evidence.
        turn, s, e, name = field
        best = Candidate(f"{name} researcher", best.score, turn, turn.start + s, turn.start + e)
    # Evidence is the whole sentence that carries the statement, so a reader sees it in context.
    s, e = _sentence_around(transcript.text, best.start, best.end)
    s, e = max(s, best.turn.start), min(max(e, best.end), best.turn.end)
    return Label(best.occupation, round(confidence, 2), "derived", transcript.text[s:e], best.turn.number, s, e)
