"""Did-you-mean for query words no participant ever says, from the archive's own vocabulary."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# A suggestion must be a word people actually use here (typos in answers occur once or twice)
# and close to what was typed: "skil" → "skill", "worryed" → "worried", never a different word.
MIN_USES = 3
CUTOFF = 0.8


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """How often each lower-case word occurs in the given texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(WORD.findall(text.lower()))
    return counts


def suggest(query: str, unknown: Iterable[str], vocab: Mapping[str, int]) -> str | None:
    """The query with each unknown word replaced by its closest common word, or None if none is close."""
    common = [w for w, n in vocab.items() if n >= MIN_USES]
    fixed = query
    changed = False
    for word in unknown:
        close = difflib.get_close_matches(word.lower(), common, n=1, cutoff=CUTOFF)
        if close:
            fixed = re.sub(rf"(?<![\w'])({re.escape(word)})(?![\w'])", close[0], fixed, count=1)
            changed = True
    return fixed if changed else None
