"""Turn whatever a user types into a safe SQLite FTS5 MATCH expression (never an FTS syntax error).

Supported: "exact phrases", OR, AND, NOT / -word, prefix*, and names with symbols (C++, C#, A+, .NET).
Everything else is treated as words: each word is emitted as a quoted FTS5 string, so no user
character can act as FTS syntax.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from indexer.errors import BadQuery
from indexer.spelling import fold

# Small English stoplist; negations are deliberately NOT in it ("not worried" ≠ "worried").
STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "s", "t", "d", "ll", "m", "re", "ve"]
)
# Words that frame a researcher's question rather than describe the answer
# ("who worries about X", "people who X", "participants mentioning X").
FRAME_WORDS = frozenset(
    ["who", "people", "participants", "participant", "anyone", "someone", "those", "interviewees", "respondents", "mention", "mentions", "mentioning", "mentioned", "say", "says", "saying", "talk", "talks", "talking"]
)
# A minus excludes only at the start of a term ("-coding", -"pair programming"): inside a word it is a
# hyphen ("AI-generated", "double-checks"), and the word is searched as the phrase its parts make,
# as FTS5 indexed it ("double-check" is the tokens double, check).
# "C++", "C#", "F#": the FTS5 tokenizer keeps only the letter, so the symbols become a literal the
# matched text must also contain (otherwise "C++" finds every "vitamin C" and "plan C").
# Likewise a name with a leading dot (".NET": FTS5 finds every "safety net") and a letter grade
# ("A+", "C+": the bare letter is in every passage). "10+ years" stays the number: "10 years" is meant.
# A dot inside a word joins a name ("ASP.NET", "Node.js"), searched as its parts and checked as written.
_TOKEN = re.compile(r'(?P<pneg>(?<!\S)-)?"(?P<phrase>[^"]*)"?|(?P<neg>(?<!\S)-)?(?P<dot>(?<![\w.])\.(?=\w))?'
                    r'(?P<word>[\w\'’]+(?:[-.][\w\'’]+)*)'
                    r'(?P<symbols>\+\+|#(?!\w)|\+(?![\w+]))?(?P<star>\*)?|(?P<op>\S)', re.U)
_WORD = re.compile(r"[\w'’]+", re.U)
_SYMBOL_END = re.compile(r"\w(?:\+\+|#)(?!\w)|[^\W\d_]\+(?![\w+])|(?<![\w.])\.[^\W\d_]")
MAX_TERMS = 64
_APOSTROPHE = re.compile("['’]")
_LEADING = re.compile(r"^[^\w'’]+")
_HYPHENS = "\\-‐‑–—"  # inside a character class
_TRAILING = re.compile(r"[^\w'’]+$")


def literal_pattern(literal: str) -> re.Pattern[str]:
    """Where a literal ("c++", "c# developer", a quoted "lesson plan*") stands in a text: whole words,
    any case, any spacing, either apostrophe; a final * takes any ending, as it does unquoted."""
    # Words apart by a space or a hyphen: "e-mail*" finds "e-mail" (FTS5 read it as "e mail").
    body = rf"[\s{_HYPHENS}]+".join(_literal_part(part) for part in literal.split())
    start = "" if literal.startswith(".") else r"(?<![\w+#])"  # ".NET" is in "ASP.NET" too
    return re.compile(rf"{start}{body}(?![\w+#])", re.I)


def _literal_part(part: str) -> str:
    ending = r"[\w'’]*" if part.endswith("*") else ""
    # Accents either way, as FTS5 (remove_diacritics) matched: "naïve*" finds "naive", "cafe" "café".
    body = "".join(_ACCENTED.get(c, c) for c in re.escape(fold(part.rstrip("*"))))
    return _APOSTROPHE.sub("['’]", body) + ending


def _accented() -> dict[str, str]:
    """a → "[aàáâãäå…]": each Latin letter as a class of itself and its accented forms."""
    forms: dict[str, list[str]] = {}
    for code in range(0xC0, 0x250):
        char = chr(code).lower()
        parts = unicodedata.normalize("NFD", char)
        base = parts[0]
        if len(parts) > 1 and base.isascii() and base.isalpha() and all(map(unicodedata.combining, parts[1:])):
            forms.setdefault(base, []).append(char)
    return {base: "[" + base + "".join(dict.fromkeys(chars)) + "]" for base, chars in forms.items()}


_ACCENTED = _accented()


def _quoted_literal(phrase: str) -> str:
    """What a quoted phrase asks to find as written: its words and inner punctuation, not the
    punctuation a pasted sentence brings at its ends ("skill loss." finds "skill loss,")."""
    text = " ".join(phrase.split())
    lead = _LEADING.match(text)
    if lead:  # a lone dot before a word is part of a name (".NET"); "..." or "…" before one is not
        text = text[lead.end():]
        if lead.group().endswith(".") and not lead.group().endswith(".."):
            text = "." + text
    return text if _SYMBOL_END.search(text) or text.endswith("*") else _TRAILING.sub("", text)


@dataclass(frozen=True)
class Term:
    """One searchable unit: a word or a phrase, maybe a prefix, maybe negated."""

    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False
    quoted: bool = False  # typed in quotes: required wherever it stands in the query, and as written
    # Text that must also appear as typed, any case: FTS5 drops the symbols of "C++", and stems
    # a quoted "excel" to match "excellent"; the text check takes back what FTS5 let through.
    literal: str = ""
    # A prefix as the words participants say that begin with it: FTS5 matches a prefix against
    # porter stems, and no stem begins "generat" ("generate" is "gener"), so generat* found nothing.
    expansions: tuple[str, ...] = ()

    @property
    def symbolic(self) -> bool:
        """A name with symbols (C++, C#, A+, .NET): FTS5 matches its bare letter or word in any text."""
        return bool(_SYMBOL_END.search(self.literal))

    def fts(self) -> str:
        if self.expansions:
            return "(" + " OR ".join(_fts_string(e) for e in self.expansions) + ")"
        return _fts_string(self.text) + ("*" if self.prefix else "")

    def last_word(self) -> str:
        return self.text.split()[-1].lower()


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class ParsedQuery:
    """The query as groups of alternatives (AND of ORs) plus excluded terms."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]
    explicit_or: bool = False  # the user typed OR: quoted terms it joins are alternatives
    typed: str = ""  # the wanted terms as typed, without operators or excluded terms (what meaning() reads)
    truncated: bool = False  # the query had more than MAX_TERMS terms; the rest were not read

    def match_expression(self, column: str | None = None) -> str:
        """The FTS5 MATCH expression; with a column, only that column's text may match."""
        if not self.groups:
            raise BadQuery("the query has no words to search for; type at least one word to include")
        parts = ["(" + " OR ".join(t.fts() for t in group) + ")" for group in self.groups]
        expr = " AND ".join(parts)
        plain = [t for t in self.excluded if not t.literal]  # "-C++" is checked on the text (drop_excluded)
        if plain:
            expr = f"({expr}) NOT (" + " OR ".join(t.fts() for t in plain) + ")"
        return f"{column} : ({expr})" if column else expr

    def words_required(self) -> ParsedQuery | None:
        """What every mode must find in a participant's words, as a query of its own; None if nothing.

        - Quoted terms, whatever the mode and whatever else the query says: in `fear of "being
          replaced"` the phrase must be there, not fear OR the phrase. Each one is required, unless
          the query says OR: `"C++" OR "Java"` asks for either.
        - Explicit AND: `guitar AND music` means both, in hybrid and semantic mode too.
        - A group of symbol names only ("C++", "C# or F#"): FTS5 would match any "C", meaning
          would match any code talk; they are asked for as written.
        """
        groups: list[tuple[Term, ...]] = list(self.groups) if len(self.groups) > 1 else []
        for group in self.groups:
            quoted = tuple(t for t in group if t.quoted)
            groups += [quoted] if (quoted and self.explicit_or) else [(t,) for t in quoted]
            if all(t.symbolic for t in group):
                groups.append(group)
        return ParsedQuery(tuple(dict.fromkeys(groups)), ()) if groups else None

    def literal_groups(self) -> list[tuple[tuple[Term, ...], tuple[str, ...]]]:
        """(plain terms, literals) of each group with a term to match as written (C++, quoted words).

        A passage FTS5 matched satisfies such a group only if one of its plain terms matches or one
        of its literals stands in the text: "C++ OR Java" is met by "Java", not by "vitamin C".
        """
        return [(tuple(t for t in g if not t.literal), tuple(t.literal for t in g if t.literal))
                for g in self.groups if any(t.literal for t in g)]

    def has_literals(self) -> bool:
        """Whether any term, wanted or excluded, must be checked on the text as typed (C++, quotes)."""
        return any(t.literal for g in self.groups for t in g) or any(t.literal for t in self.excluded)

    def has_symbol_names(self) -> bool:
        """Whether a wanted term is a name like C++, whose bare letter FTS5 finds nearly everywhere."""
        return any(t.symbolic for g in self.groups for t in g)

    def without(self, drop: set[str]) -> ParsedQuery:
        """The query minus single-word terms in `drop`, keeping at least one term per group."""
        groups = []
        for group in self.groups:
            kept = tuple(t for t in group if t.phrase or t.prefix or t.quoted or t.literal or t.text.lower() not in drop)
            groups.append(kept or group)
        return replace(self, groups=tuple(groups))

    def prefixes(self) -> list[str]:
        """The last words of the prefix terms (generat* → "generat"), wanted or excluded, each once."""
        return list(dict.fromkeys(t.last_word() for t in (*[t for g in self.groups for t in g], *self.excluded)
                                  if t.prefix))

    def expanded(self, completions: Mapping[str, Sequence[str]]) -> ParsedQuery:
        """The query with each prefix searched as the words given for it ("generat" → generate, generation…);
        a prefix with no words given stays an FTS5 prefix."""
        def grow(t: Term) -> Term:
            words = completions.get(t.last_word()) if t.prefix else None
            if not words:
                return t
            head = t.text.rsplit(" ", 1)[0] + " " if " " in t.text else ""
            # The words are searched by their stems ("generate" is also "general"), so the prefix as
            # written is checked on the text too, as a quoted word is.
            return replace(t, expansions=tuple(head + w for w in words), literal=t.literal or t.text + "*")
        return replace(self, groups=tuple(tuple(grow(t) for t in g) for g in self.groups),
                       excluded=tuple(grow(t) for t in self.excluded))

    def meaning(self, query: str) -> str:
        """The query for the embedding, each expanded prefix as its most said word ("generat*" → "generate").

        Syntax is not meaning: excluded terms ("NOT xylophone", "-students") and the operators
        are taken out, so "cheating NOT students" and "cheating -students" embed alike, as do
        "skill OR loss" and "skill loss". Free text is embedded as typed.
        """
        if self.excluded or _SYNTAX.search(query):
            query = parse_query(query).typed  # the query given may be another than the one parsed
        for t in (t for g in self.groups for t in g if t.expansions):
            query = re.sub(rf"(?<![\w'’]){re.escape(t.last_word())}\*", t.expansions[0].split()[-1], query, flags=re.I)
        return query

    def positive_words(self) -> list[str]:
        return [w.lower() for g in self.groups for t in g for w in _WORD.findall(t.text)]


# Quotation marks as pasted from a word processor or a paper (“ ” „ « »): the same quotes as ".
TYPOGRAPHIC_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»〝〞＂"})


def parse_query(query: str, drop_frame_words: bool = True) -> ParsedQuery:
    """Parse user text; never raises on syntax (unbalanced quotes, stray operators are words or ignored)."""
    query = query.translate(TYPOGRAPHIC_QUOTES)
    groups: list[list[Term]] = [[]]
    excluded: list[Term] = []
    negate_next = False
    explicit_or = False
    truncated = False
    wanted: list[str] = []  # the wanted terms as typed: what the embedding reads when there is syntax
    count = 0
    for match in _TOKEN.finditer(query):
        if match.group("op") is not None:
            continue  # brackets, colons, carets...: not syntax here
        if count >= MAX_TERMS:
            truncated = True
            break
        phrase = match.group("phrase")
        if phrase is not None:
            words = _WORD.findall(phrase)
            if not words:
                continue
            # Quotes mean these words as written: "excel" is not "excellent"; "lesson plan*" asks for endings,
            # but a name like "C++*" has none (as unquoted).
            literal = _quoted_literal(phrase)
            symbolic = bool(_SYMBOL_END.search(literal.rstrip("*")))
            term = Term(" ".join(words), phrase=len(words) > 1, prefix=literal.endswith("*") and not symbolic,
                        negated=bool(match.group("pneg")), quoted=True,
                        literal=literal.rstrip("*") if symbolic else literal)
        else:
            word = match.group("word")
            if word in ("OR",):
                explicit_or = True
                continue  # OR is the default between words
            if word == "AND":
                if groups[-1]:
                    groups.append([])
                continue
            if word == "NOT":
                negate_next = True
                continue
            parts = [w for w in _WORD.findall(word)]
            if not parts:
                continue
            symbols = match.group("symbols") or ""
            if symbols == "+" and not re.fullmatch(r"[^\W\d_]+", word):
                symbols = ""  # "10+ years": the number, not a name
            dot = match.group("dot") or ""
            # "C++*" would widen the letter to every c-word; a name like C++ has no endings to find.
            term = Term(" ".join(parts), phrase=len(parts) > 1, prefix=bool(match.group("star")) and not symbols,
                        negated=bool(match.group("neg")),
                        literal=dot + word + symbols if symbols or dot or "." in word else "")
        count += 1
        if negate_next or term.negated:
            excluded.append(replace(term, negated=True))
            negate_next = False
            continue
        wanted.append(phrase if phrase is not None else match.group(0))
        if term not in groups[-1]:  # "a* a* a*" is one term, not a query three times the work
            groups[-1].append(term)
    groups = [g for g in groups if g]
    if len(groups) <= 1:
        # Free text: drop stop and frame words unless nothing would be left.
        words = groups[0] if groups else []
        drop = STOPWORDS | (FRAME_WORDS if drop_frame_words else frozenset())
        content = [t for t in words if t.phrase or t.prefix or t.quoted or t.literal or t.text.lower() not in drop]
        groups = [content or words] if (content or words) else []
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded), explicit_or, " ".join(wanted), truncated)


_SYNTAX = re.compile(r"(?<!\S)-[\w\"]|\b(?:OR|AND|NOT)\b|[()]")


_FRAME = re.compile(
    r"^\s*(?:(?:which|what)\s+)?(?:people|participants|interviewees|respondents|anyone|someone|those|"
    r"professionals|workers)?\s*(?:who|that)\s+(?:say|says|said|mention|mentions|talk about|talks about)?\s*",
    re.I,
)


_WHO = re.compile(r"^\s*(?:(?:people|participants|anyone|those|professionals|workers)\s+)?who\s+(\w+)\b", re.I)


def _first_person(verb: str) -> str:
    """worries → worry, treats → treat, uses → use, is → am: the verb as "I" would say it."""
    low = verb.lower()
    irregular = {"is": "am", "has": "have", "does": "do", "was": "was", "says": "say"}
    if low in irregular:
        return irregular[low]
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith(("sses", "shes", "ches", "xes")):
        return low[:-2]
    if low.endswith("s") and not low.endswith("ss"):
        return low[:-1]
    return low


def semantic_text(query: str, first_person: bool = False) -> str:
    """The query as a participant would say it, for the embedding.

    Drops the researcher's framing ("who…", "people who say…"); with first_person, "who worries
    about X" becomes "I worry about X", since answers are in the first person.
    """
    if first_person:
        match = _WHO.match(query)
        verb = match.group(1).lower() if match else ""
        if match and verb not in {"say", "says", "said", "mention", "mentions", "mentioned"}:
            rest = query[match.end():].strip(" ?")
            return f"I {_first_person(verb)} {rest}".strip()
    stripped = _FRAME.sub("", query, count=1).strip(" ?")
    return stripped or query
