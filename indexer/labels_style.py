"""Interaction style (collaborative, delegative, mixed, unclear) from the participant's answers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.chunk import ROUGH_SENTENCE
from indexer.models import Label, Transcript, Turn

# Cues in the interviewer's either/or question, to find it and learn which option came first.
_Q_COLLAB = re.compile(
    r"collaborat|back[- ]and[- ]forth|iterat|build on it together|work(?:ing)? (?:together|alongside)|"
    r"throughout (?:a|the) (?:task|process)|refin", re.I)
_Q_DELEG = re.compile(
    r"delegat|independent|hand(?:ing)? (?:it |things |the task )?off|let it (?:handle|run|write|do|take)|"
    r"complete (?:task|request|brief)|full brief|all the information upfront|from start to finish|"
    r"work on it (?:yourself|alone|on your own)|take (?:its|the) output|"
    # The delegative option is phrased many ways: "get what you need in one go", "take what it gave you and
    # run with it", "ask a single question and move on", "let it provide a complete analysis".
    r"\bin one (?:go|exchange|shot|pass|response|step)|\bone[- ](?:time|shot|and[- ]done)|on (?:your|its) own|"
    r"\btake (?:it|that|what|over)|\brun with|\bmove on|initial (?:response|request|output|answer|draft)|"
    r"(?:single|specific|one) (?:question|request|prompt|task)|\bhands? you|\bup[- ]?front|\ball at once|"
    r"\bcomplete (?:\w+ )?(?:response|analysis|plan|draft|answer|solution|version|output)|\bentire\b|"
    r"\b(?:use|using) it (?:directly|as[- ]is)|get what you need|let it (?:provide|generate|give|produce|create)|"
    r"\bwithout (?:your|much|further)", re.I)
# The creative interviews' variant of the question ("how would you describe the collaboration? Who or
# what is driving the creative decisions?") names no options, but its answer states the style as plainly.
_Q_VARIANT = re.compile(
    r"describ\w* (?:the|that|this|your) collaboration|driv\w* (?:the |your )?(?:creative )?(?:decisions|direction)|"
    r"driver'?s seat|split (?:up )?the work|divide (?:up )?the work|division of (?:labou?r|work)|"
    r"who(?:'s| is) (?:driving|leading|in charge)|directing the ai", re.I)
# The question closes the interviewer's turn; only its final sentences name the options.
_QUESTION = re.compile(r"[^.?!]*\?")

Cue = tuple[str, re.Pattern[str], float]


def _compile(cues: tuple[tuple[str, str, float], ...]) -> tuple[Cue, ...]:
    """(key, regex, weight): the regex runs only where its literal key occurs, which keeps
    1,250 interviews well under a second (Python's re has no fast multi-pattern search)."""
    return tuple((key, re.compile(pattern, re.I), weight) for key, pattern, weight in cues)


# Answer cues: (key, pattern, weight). Weights reflect how unambiguously the phrase picks a side.
_COLLAB = _compile((
    ("collaborat", r"\bcollaborat\w*", 2.0), ("forth", r"\bback[- ]and[- ]forth\b", 2.0),
    ("iterat", r"\biterat\w*", 1.5), ("refin", r"\brefin\w*", 1.0), ("tweak", r"\btweak\w*", 0.8),
    ("conversation", r"(?<!new )(?<!separate )(?<!different )\bconversation\w*", 1.0),
    ("partner", r"\bpartner\w*", 1.2), ("sounding board", r"sounding board", 1.2),
    ("bounc", r"\bbounc\w* (?:ideas|things|off)", 1.2), ("follow", r"\bfollow[- ]?ups?\b", 0.7),
    ("together", r"\btogether\b", 1.0), ("throughout", r"\bthroughout\b", 0.8),
    ("step", r"\bstep[- ]by[- ]step\b", 0.8), ("hand in hand", r"\bhand in hand\b", 1.5),
    ("back", r"\bgo(?:ing)? back\b", 0.6), ("dialog", r"\bdialog(?:ue)?\b", 1.0),
    ("with it", r"\bwork(?:ing)? with it\b", 0.8), ("guid", r"\bguid\w+ it\b", 0.8),
    ("feed", r"\bdrip[- ]feed", 1.0), ("piece", r"\bpiece(?:meal| by piece)\b", 1.0),
    ("co", r"\bco-?(?:drive|pilot|create)\w*", 1.0),
    ("round", r"\b(?:multiple|several|a few) rounds\b", 1.2),
    ("iterations", r"\b(?:multiple|several|a few) (?:prompts|iterations)\b", 1.2),
))
_DELEG = _compile((
    ("delegat", r"\bdelegat\w*", 2.0), ("independen", r"\bindependen\w*", 1.0),
    ("hand", r"\bhand(?:ing|ed|s)? (?:it |them |things |tasks? )?(?:off|over)\b", 1.5),
    ("done", r"\bone and done\b", 1.5), ("shot", r"\bone[- ]shot\w*", 1.5),
    ("single prompt", r"\bsingle prompt\b", 1.2), ("take", r"\btake (?:the|its|what it) ", 0.8),
    ("my own", r"\b(?:on|by) my own\b", 0.5), ("myself", r"\bmyself\b", 0.5),
    ("edit", r"\bedit (?:it|that|them) (?:myself|afterwards?|after)\b", 1.2),
    ("let", r"\blet (?:it|the ai|ai) (?:handle|do|write|complete|generate|run|take)\b", 1.3),
    ("task", r"\b(?:complete|entire|whole|full) tasks?\b", 1.2), ("request", r"\bcomplete requests?\b", 1.0),
    ("front", r"\bup[- ]?front\b", 1.0), ("at once", r"\b(?:all|everything) at once\b", 1.0),
    ("draft", r"\bdraft\b", 0.4), ("just", r"\bjust (?:ask|use|get)\b", 0.6),
    ("leave it", r"\bleave it at that\b", 1.2), ("search engine", r"\bsearch engine\b", 0.6),
    ("look", r"\blook(?:ing)? (?:things |stuff )?up\b", 0.6), ("assign", r"\bassign\w*", 1.0),
    ("automat", r"\bautomat\w*", 0.8), ("specific", r"\bspecific (?:question|task|request)s?\b", 0.6),
    # Handing a whole task over ("ask it to", "have it write") is what delegation looks like in a story.
    (" to", r"\b(?:ask|asked|asking|have|had|get|got|let) (?:it|ai|the ai|claude|chatgpt|the model|an? (?:ai|llm)) to\b", 0.5),
    ("give", r"\bgive (?:it|ai|the ai) (?:all (?:of )?the|everything|the full|the whole)\b", 1.0),
    ("write me", r"\bwrite me\b", 0.4), ("generate", r"\bgenerate (?:a|the|me)\b", 0.4),
    # Delegation told as a story: the AI produces something, then the participant works on it alone.
    ("then i", r"\bthen I(?:['’]ll| will| would)? (?:just |usually |typically )?(?:edit|revise|rework|re-work|modify|"
     r"tweak|check|verify|review|test|go through|adapt|personali[sz]e|fact[- ]check|work on|run with|take (?:it|over)|"
     r"finish|polish|fix|rewrite)\w*", 1.0),
    ("run with", r"\brun with (?:it|that|them)\b", 1.0), ("first pass", r"\bfirst pass\b", 1.0),
    ("starting point", r"\bstarting point\b", 0.8), ("skeleton", r"\b(?:skeleton|template)s?\b", 0.6),
    ("over", r"\b(?:took|takes|take|taking) over\b", 0.8), ("move on", r"\bmov(?:e|ing) on\b", 0.8),
    ("direct", r"\b(?:a )?direct(?:ly)? (?:question|ask)\w*|\bask(?:ing)? (?:it )?directly\b", 1.0),
    ("had to", r"\bI (?:just |only )?(?:had|have) to (?:verify|check|edit|modify|review|tweak|fix|adapt)\b", 0.8),
    ("my own", r"\binto my own\b|\bby my ?self\b", 0.8),
    ("for a", r"\bask(?:ed|ing|s)? (?:it |ai |the ai |the model |chatgpt |claude )?for (?:a |an )?(?:\w+ )?"
     r"(?:draft|summary|outline|template|version|list|breakdown)\b", 1.0),
    ("before", r"\bbefore (?:editing|revising|checking|reviewing|tweaking|adapting)\b", 1.0),
    ("into", r"\b(?:paste|pasted|copy|copied|upload|uploaded|feed|fed|put|plug|plugged) (?:[\w'’]+ ){0,6}?into "
     r"(?:the |an? )?(?:ai|chatgpt|claude|gemini|copilot|model|llm|it)\b", 0.6),
    ("manual", r"\bmanually\b", 0.4),
    # "I wouldn't describe it as a collaboration": a denial that outweighs the word it denies.
    ("describ", r"(?:\bnot|n['’]t|\bnever)\b[^.!?]{0,40}\b(?:describe|call|consider|see|think of)\w* (?:it|this|that) "
     r"as (?:a |an )?(?:\w+ )?collaborat", 3.0),
    ("as a base", r"\bas a (?:base|foundation|first draft|framework)\b", 1.0),
))
_MIXED = re.compile(r"\b(?:it depends|depends on|(?:a )?(?:little|bit) of both|mix of (?:both|the two)|"
                    r"(?:do|use|i'd say) both|both approaches|both ways|combination of|half and half|50/50|"
                    r"somewhere in (?:the )?between|a bit of each|even mix|equal(?:ly)? mix)\b", re.I)
_OFF_TOPIC = re.compile(r"\bskills?\b|\bcolleagues\b|workplace culture|looking ahead|\bfuture\b|"
                        r"\bconcerns?\b|anything else", re.I)
_MIXED_KEYS = ("depend", "both", "mix", "combination", "half", "50/50", "between", "each")
# A negation reaches at most three words forward and never across "but/and/so" ("No matter the task
# I go back and forth" and "less and less … I iterate" stay collaborative); the second term of a
# comparison is negated only right after "than" ("more delegation than (it is) collaboration", not
# "more than ever these days to iterate").
_NEG = re.compile(r"(?:\b(?:not|never|don['’]?t|doesn['’]?t|didn['’]?t|rarely|seldom|won['’]?t|wouldn['’]?t|"
                  r"isn['’]?t|aren['’]?t|no|can['’]?t|hardly|less|instead of)\b"
                  r"(?:\s+(?!(?:but|and|so|matter)\b)[\w'’]+){0,3}|\bthan(?:\s+[\w'’]+){0,2})\s*$", re.I)
# "There's only a back and forth if I'm unsatisfied", "occasionally we'll iterate": iteration as the
# exception to a one-shot habit tells of delegation, so such a cue counts for the other side.
_EXCEPTION = re.compile(
    r"(?:\b(?:occasionally|rarely|seldom|only\s+(?:an?\s+)?(?:couple|few|one|once|twice|briefly|if|when|after|"
    r"occasionally|sometimes))\b[^.!?]{0,50}|"
    r"\b(?:if|when)\s+(?:I['’]?m\s+|I\s+am\s+)?(?:unsatisfied|dissatisfied|unhappy|not\s+(?:happy|satisfied))[^.!?]{0,30})$",
    re.I)
_EXCEPTION_AFTER = re.compile(
    r"[^.!?]{0,40}\b(?:only\s+)?(?:if|when)\s+(?:I['’]?m\s+|I\s+am\s+)?(?:unsatisfied|dissatisfied|unhappy|"
    r"not\s+(?:happy|satisfied)|I\s+(?:don['’]?t|do\s+not)\s+get|it\s+(?:doesn['’]?t|does\s+not|isn['’]?t|is\s+not|gets|got))",
    re.I)
# "collaborating with my colleagues", "conversations with the students": the cue is about people.
_WITH_PEOPLE = re.compile(
    r"[^.!?]{0,25}?\bwith\s+(?:my|our|the|other|a|some|fellow)\s+(?:\w+\s+)?(?:colleagues?|co-?workers?|team|teammates?|"
    r"students?|clients?|customers?|manager|boss|peers?|people|humans?|others|staff|supervisor|editor|friends?|"
    r"family|wife|husband|partner|group|collaborators?)\b", re.I)
# "I never delegate a task entirely": a qualified denial says the task is shared, so it picks no side.
_PARTIAL = re.compile(r"^[^.!?]{0,40}\b(?:entirely|completely|fully|totally|wholly|100%)", re.I)
# "The first response is usually fine" is no pick of "the first option": an ordinal before a noun of its
# own (response, draft, time, step…) counts only when that noun is an option word.
_NOT_OPTION = (r"(?!\s+(?:response|responses|draft|drafts|time|pass|attempt|try|output|answer|step|steps|thing|things|"
               r"few|couple|place|version|result|prompt|iteration|round|go|half|part|stage|phase|instance|glance|"
               r"hand|day|week|year|idea|ideas|question|request|person|one\s+(?:it|they|that)))")
_FIRST = re.compile(rf"\b(?:the )?(?:first|former)(?: one| option| approach)?\b{_NOT_OPTION}|\boption (?:a|1|one)\b", re.I)
_SECOND = re.compile(rf"\b(?:the )?(?:second|latter)(?: one| option| approach)?\b{_NOT_OPTION}|\boption (?:b|2|two)\b",
                     re.I)
_MORE = re.compile(r"\b(?:more|mostly|usually|typically|generally|definitely|tend|lean|by far|primarily|mainly)\b", re.I)


@dataclass
class _Tally:
    collab: float = 0.0
    deleg: float = 0.0
    mixed: float = 0.0


def sentences(turn: Turn) -> list[tuple[int, int, str]]:
    """(start, end, text) of each sentence of a turn, offsets within the turn, whitespace trimmed."""
    out = []
    for m in ROUGH_SENTENCE.finditer(turn.text):
        s, e = m.start(), m.end()
        while s < e and turn.text[s].isspace():
            s += 1
        while e > s and turn.text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e, turn.text[s:e]))
    return out


def _score(sentence: str, low: str, cues: tuple[Cue, ...]) -> tuple[float, float]:
    """(positive, negated) weight of the cues in a sentence; "never delegate" counts for the other side."""
    pos = neg = 0.0
    for key, pattern, weight in cues:
        if key not in low:
            continue
        for m in pattern.finditer(sentence):
            if cues is _COLLAB and _WITH_PEOPLE.match(sentence, m.end()):
                continue
            if cues is _COLLAB and (_EXCEPTION.search(sentence, max(0, m.start() - 60), m.start())
                                    or _EXCEPTION_AFTER.match(sentence, m.end())):
                neg += weight  # iteration as the exception: counts for delegation, like a denial
            elif _NEG.search(sentence, max(0, m.start() - 40), m.start()):
                if not _PARTIAL.search(sentence[m.end():]):
                    neg += weight
            else:
                pos += weight
    return pos, neg


def leans_delegative(sentence: str) -> bool:
    """True if a sentence's own cues lean delegative (for evidence when the style is decided otherwise)."""
    low = sentence.lower()
    cp, cn = _score(sentence, low, _COLLAB)
    dp, dn = _score(sentence, low, _DELEG)
    return dp + 0.7 * cn > cp + 0.7 * dn


def _option_order(question: str) -> tuple[str, str] | None:
    """Which option the interviewer named first, to resolve "the first one" / "the latter"."""
    c, d = _Q_COLLAB.search(question), _Q_DELEG.search(question)
    if not c or not d:
        return None
    return ("collaborative", "delegative") if c.start() < d.start() else ("delegative", "collaborative")


def _answer_tally(turn: Turn, order: tuple[str, str] | None,
                  weight: float) -> tuple[_Tally, list[tuple[float, int, int, str]]]:
    tally = _Tally()
    spans: list[tuple[float, int, int, str]] = []  # (strength, start, end, lean) of sentences for evidence
    for index, (s, e, sentence) in enumerate(sentences(turn)):
        position = 1.5 if index == 0 else (1.0 if index < 3 else 0.6)  # the answer's lead states the pick
        low = sentence.lower()
        cp, cn = _score(sentence, low, _COLLAB)
        dp, dn = _score(sentence, low, _DELEG)
        c, d = cp + 0.7 * dn, dp + 0.7 * cn
        if order and index < 2 and ("first" in low or "former" in low or "second" in low or "latter" in low
                                     or "option" in low):
            if _FIRST.search(sentence) and not _SECOND.search(sentence):
                c, d = (c + 3, d) if order[0] == "collaborative" else (c, d + 3)
            elif _SECOND.search(sentence) and not _FIRST.search(sentence):
                c, d = (c + 3, d) if order[1] == "collaborative" else (c, d + 3)
        if index < 2 and _MORE.search(sentence):
            c, d = c * 1.3, d * 1.3  # "more likely to collaborate", "mostly delegate": a stated lean
        m = 1.0 if any(k in low for k in _MIXED_KEYS) and _MIXED.search(sentence) else 0.0
        tally.collab += c * position * weight
        tally.deleg += d * position * weight
        tally.mixed += m * position * weight * (1.5 if index == 0 else 1.0)
        if c or d or m:
            lean = "mixed" if m * 2 >= max(c, d) else "collaborative" if c > d else "delegative" if d > c else ""
            spans.append((max(c, d, m * 2) * position, turn.start + s, turn.start + e, lean))
    return tally, spans


@dataclass
class StyleTally:
    """The rule tally over a whole interview, and the answer to the either/or question if asked."""

    collab: float
    deleg: float
    mixed: float
    asked: bool
    # (strength, start, end, turn number, the side the sentence leans to) for evidence
    spans: list[tuple[float, int, int, int, str]]
    answer: Turn | None
    kind: str = ""  # which question the answer replies to: "either/or", "variant" (creative), "" (none)


def style_tally(transcript: Transcript) -> StyleTally:
    """Cue weights for each side, weighting the answer to the either/or question most."""
    turns = transcript.turns
    total = _Tally()
    best_spans: list[tuple[float, int, int, int, str]] = []
    asked = False
    answer: Turn | None = None
    kind, rank = "", 9
    for i, turn in enumerate(turns[:-1]):
        nxt = turns[i + 1]
        if turn.speaker != "interviewer" or nxt.speaker != "participant" or not nxt.text.strip():
            continue  # an empty answer says nothing, and must not become the answer the model reads
        question = turn.text[-600:]  # the question closes the turn; earlier text restates the answer
        # The closing question sentences name the options; a restated answer before them is no option.
        focus = " ".join(_QUESTION.findall(question)[-2:]) or question
        if _OFF_TOPIC.search(focus):
            continue  # "doing it independently of AI" in a skills answer is not about working with AI
        near = _option_order(focus) if " or " in focus else None
        # The standard question restated ("It sounds like you iterate rather than delegate. Is that accurate,
        # or does it vary?") names the options before the question mark; only there is the wider reading safe.
        standard = "interaction pattern" in question.lower()
        order = near or (_option_order(question) if standard and " or " in question else None)
        if order or _Q_VARIANT.search(focus):
            weight, asked = 5.0, True
            # Which answer feeds the model: the interview's standard "typical interaction pattern" question
            # beats an earlier either/or about one task, which beats the restated form and the creative variant.
            here = 0 if order and standard else 1 if near else 2 if order else 3
            if here < rank:
                answer, kind, rank = nxt, ("either/or" if order else "variant"), here
        elif _Q_COLLAB.search(question) or _Q_DELEG.search(question):
            weight = 1.0  # follow-ups about "that collaboration" still describe the style
        else:
            weight = 0.4
        tally, spans = _answer_tally(nxt, order, weight)
        total.collab += tally.collab
        total.deleg += tally.deleg
        total.mixed += tally.mixed
        best_spans.extend((w * weight, s, e, nxt.number, lean) for w, s, e, lean in spans)
    return StyleTally(total.collab, total.deleg, total.mixed, asked, best_spans, answer, kind)


def rule_style(t: StyleTally) -> str:
    """The rules' pick from a tally: collaborative, delegative, mixed or unclear."""
    c, d, m = t.collab, t.deleg, t.mixed
    # Unasked, style shows only in passing remarks (weighted 0.4), so a lower bar applies.
    if c + d < (1.0 if t.asked else 0.4) and m < 2.5:
        return "unclear"
    lead = max(c, d)
    # "mixed" needs the participant to say so ("it depends", "a bit of both") with both sides present,
    # or two sides so close that neither dominates.
    if (m >= 2.5 and (min(c, d) >= 0.4 * lead or m >= lead)) or min(c, d) >= 0.9 * lead:
        return "mixed"
    return "collaborative" if c >= d else "delegative"


def interaction_style(transcript: Transcript) -> Label:
    """Collaborative / delegative / mixed / unclear, weighting the answer to the either/or question."""
    t = style_tally(transcript)
    value = rule_style(t)
    if value == "unclear":
        return Label("unclear", 0.0, "none")
    return rule_label(transcript, t, value)


def rule_label(transcript: Transcript, t: StyleTally, value: str) -> Label:
    """A rules-decided style label, with its strongest cue sentence as evidence."""
    c, d = t.collab, t.deleg
    # A bare "a bit of both" has no side weights: its margin term is zero, not a division by zero.
    margin = abs(c - d) / (c + d) if c + d else 0.0
    confidence = round(min(0.95, 0.4 + 0.5 * margin + (0.1 if t.asked else 0.0)), 2)
    _, s, e, number, _ = evidence_span(t.spans, value)
    return Label(value, confidence, "derived", transcript.text[s:e], number, s, e)


def evidence_span(spans: list[tuple[float, int, int, int, str]], value: str) -> tuple[float, int, int, int, str]:
    """The strongest cue sentence that leans to the label, else the strongest: evidence that says
    "I normally give it a complete task" must not stand beside "collaborative"."""
    agreeing = [span for span in spans if span[4] == value]
    return max(agreeing or spans)
