"""Stated roles that the "I'm a …" title patterns miss, and stated words that are not a current job.

Kept apart from labels_occupation so each module stays small. A role found here is what the
participant says they do ("I sell vintage sunglasses online", "I manage and develop our website"),
so it is scored like an explicit title and beats occupations merely implied by task words
("software developer" from a seller who once asked for code).
"""

from __future__ import annotations

import re

from indexer.labels_tables import cue_at
from indexer.models import Turn

# (pattern, occupation, strength). Strength is on the same scale as labels_patterns.INTRO.
_I = r"\bI(?:['’]m|\s+am|\s+also|\s+mainly|\s+mostly|\s+primarily|\s+currently|\s+now)*\s+"
_SELL = re.compile(
    rf"{_I}(?:re)?sell(?:ing)?\b(?!\s+(?:it|the\s+idea|myself|yourself))"  # "I sell …", "I'm selling …"
    r"|\bselling\s+[^.?!\n]{0,60}?\bonline\b"  # "selling handmade craft items online"
    r"|\b(?:my|our)\s+(?:own\s+)?(?:online|etsy|ebay|e-?commerce|poshmark|shopify)\s+(?:shop|store|business|site)\b",
    re.I,
)
# SOC 27-1012 Craft Artists "create or reproduce handmade objects for sale": a seller who makes
# what they sell is coded by that work, not as a salesperson.
_MAKER = re.compile(r"\bhand-?made\b|\bhand-?crafted\b|\bI\s+(?:knit|crochet|sew)\b|\bI\s+make\s+and\s+sell\b|\bmade\s+by\s+(?:me|my\s+own)\b", re.I)
# SOC 13-1011 Agents and Business Managers of Artists, Performers, and Athletes.
_ARTIST_MANAGER = re.compile(
    r"\b(?:I['’]m|I\s+am|I\s+work\s+as|as)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?manager\s+(?:for|of|to)\s+"
    r"(?:an?\s+|the\s+|several\s+|some\s+|multiple\s+|two\s+|three\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:creators?|artists?|musicians?|bands?|athletes?|performers?|influencers?|youtubers?|streamers?|"
    r"actors?|actresses|authors?|singers?|djs?)\b",
    re.I,
)
# Building a site is web development (SOC 15-1254) whoever employs you.
_WEBSITE = re.compile(
    r"\bI\s+(?:[\w,]+\s+){0,6}?(?:manage\s+and\s+)?(?:develop|build|maintain|code)\s+(?:and\s+\w+\s+)?"
    r"(?:our|the|the\s+company['’]s|my\s+company['’]s|clients['’]?)\s+(?:\w+\s+)?web\s*sites?\b",
    re.I,
)

# "I make technical illustrations for clients": the work product, made for others, names the job as
# surely as a title; the product words are read with the work-domain cue table.
_PRODUCT = re.compile(
    r"\bI\s+(?:\w+ly\s+|also\s+|mainly\s+|mostly\s+)?(?:make|create|design|produce|draw|write|illustrate|"
    r"photograph|shoot|film|edit|compose|record|build|develop)\s+((?:[\w'’-]+\s+){0,5}?)(?:for|to)\s+"
    r"(?:my\s+|our\s+|other\s+|various\s+|different\s+|small\s+|local\s+)?(?:clients|customers|brands|companies|"
    r"businesses|a\s+living|publications|magazines|agencies)\b",
    re.I,
)
_PRODUCT_WORD = re.compile(r"[\w'’-]+")


def _product_role(phrase: str) -> str | None:
    """The occupation a work-domain cue in the product phrase implies ("technical illustrations" → artist)."""
    words = [w.lower().replace("’", "'") for w in _PRODUCT_WORD.findall(phrase)]
    for i in range(len(words)):
        found = cue_at(words, i, lambda hit: hit[2] != "00")
        if found is not None:
            return found[1][1]
    return None


_ONLINE = re.compile(r"\b(?:online|etsy|ebay|amazon|poshmark|shopify|depop|vinted|mercari|marketplace|"
                     r"e-?commerce|web\s*site|my\s+(?:own\s+)?(?:shop|store)|resell\w*)\b", re.I)

# Anywhere in the interview, these say the selling happens through an online shop of one's own.
_MARKETPLACE = re.compile(r"\b(?:etsy|ebay|poshmark|shopify|depop|vinted|mercari|resell\w*|seller rating|"
                          r"my\s+(?:\w+\s+){0,3}(?:site|online\s+(?:shop|store|business)))\b", re.I)

Found = tuple[str, float, Turn, int, int]  # occupation, score, turn, start, end (transcript offsets)


def _sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end] (to the nearest . ! ? or newline each side)."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    return text[left : min(rights, default=len(text))]


def stated_roles(answers: list[Turn], cohort: str = "", creative: bool = False) -> list[Found]:
    """Roles stated as what the participant does rather than as a title.

    Creatives selling their own art or writing are still artists and writers: the seller reading
    is for the workforce cohort, where selling goods is the job itself, and not for anyone whose
    answers keep returning to creative work (creative=True: a photographer selling prints).
    """
    out: list[Found] = []
    sells: list[tuple[Turn, re.Match[str]]] = []
    maker = False
    for rank, turn in enumerate(answers):
        weight = 1.0 / (1.0 + 0.06 * rank)  # same early-answer weighting as stated titles
        low = turn.text.lower()
        if "sell" in low or "shop" in low or "store" in low or "site" in low:
            sells.extend((turn, m) for m in _SELL.finditer(turn.text))
        maker = maker or bool(_MAKER.search(turn.text))
        if "manager" in low:
            for m in _ARTIST_MANAGER.finditer(turn.text):
                # Just above the bare "I am a manager" the same words also produce.
                out.append(("artist manager", 1.05 * weight, turn, turn.start + m.start(), turn.start + m.end()))
        if " for " in low or " to " in low:
            for m in _PRODUCT.finditer(turn.text):
                role = _product_role(m.group(1))
                if role:
                    out.append((role, 0.6 * weight, turn, turn.start + m.start(), turn.start + m.end()))
        if "web" in low:
            for m in _WEBSITE.finditer(turn.text):
                out.append(("web developer", 0.7 * weight, turn, turn.start + m.start(), turn.start + m.end()))
    if sells and cohort != "creativity" and not creative:
        turn, m = sells[0]
        if maker:  # a maker-seller outranks "Etsy shop owner" (0.8): self-employed people are coded by the work
            occ, strength = "craft seller", 0.85
        elif _ONLINE.search(_sentence_at(turn.text, m.start(), m.end())) or any(
                _MARKETPLACE.search(a.text) for a in answers):
            occ, strength = "online seller", 0.75
        else:  # "I sell life insurance policies", "I sell enterprise software": sales (41), not a merchant
            occ, strength = "salesperson", 0.75
        out.append((occ, strength, turn, turn.start + m.start(), turn.start + m.end()))
    return out


# How someone is employed, not what work they do: SOC codes the work ("a therapist in private
# practice"), so these give way to any other evidence and are kept only as a last resort.
_EMPLOYMENT = re.compile(
    r"^(?:an?\s+)?(?:independent\s+|freelance\s+|self-employed\s+|private\s+|contract\s+|1099\s+|remote\s+)*"
    r"(?:contractor|freelancer|consultant|self-employed|contract worker|gig worker|solopreneur|"
    r"sole (?:proprietor|trader))s?$"
)
# Owning a business says who runs it, not what work it does ("I'm the owner" of a music studio). In the
# creatives cohort a bare owner gives way to the creative work described; a workforce owner's other
# cues are mostly the running of the business (bookkeeping, hiring), so there the owner stands.
# "owner", "small business owner", "small business/ hobby owner": owning, not what the business makes.
_BARE_OWNER = re.compile(r"^(?:an?\s+|the\s+)?(?:proud\s+)?(?:(?:small|little|tiny|side|online|own|my|hobby|business)"
                         r"\s*/?\s*)*"
                         r"(?:owner|co-?owner|founder|co-?founder|entrepreneur)s?$")
# Training or a past job ("a trained teacher", "a former nurse") is not the current occupation.
_PAST = re.compile(r"^(?:an?\s+)?(?:trained|former|formerly|ex-|ex\s|retrained|qualified\s+but)")


def bare_owner(occupation: str) -> bool:
    return bool(_BARE_OWNER.match(occupation))


def demotion(occupation: str) -> float:
    """Factor on a stated title's score: below 0.3 lets implied work evidence take over."""
    if _EMPLOYMENT.match(occupation):
        return 0.25
    if _PAST.match(occupation):
        return 0.2
    return 1.0
