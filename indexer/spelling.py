"""Did-you-mean for query words no participant says (or says only by a slip), from the archive's own words."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# A suggestion must be a word people actually use here (typos in answers occur once or twice)
# and close to what was typed: "skil" → "skill", "worryed" → "worried", never a different word.
MIN_USES = 3
CUTOFF = 0.8
# A word said once or twice ("writting", or "los" only inside other words' stems) is worth a
# suggestion only when a close word is said this many times as often ("writing": 1,882 to 1).
RARE_RATIO = 20


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """How often each lower-case word occurs in the given texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(WORD.findall(text.lower()))
    return counts


def suggest(query: str, unknown: Iterable[str], vocab: Mapping[str, int], rare: Iterable[str] = (),
            together: Callable[[str, str], float] | None = None) -> str | None:
    """The query with each unknown (or rare) word replaced by its closest common word, or None if none is close.

    Among equally close words, the one said most often beside the query's neighbouring word wins
    (`together`, e.g. passages with the two words near each other): "skil los" → "skill lose", not
    "skill lots", though "lots" is said more.
    """
    common = [w for w, n in vocab.items() if n >= MIN_USES]
    wanted = {w.lower(): False for w in unknown} | {w.lower(): True for w in rare}
    tokens = WORD.findall(query.lower())
    fixed, changed = query, False
    for i, token in enumerate(tokens):
        if token not in wanted:
            continue
        close = difflib.get_close_matches(token, common, n=5, cutoff=CUTOFF)
        if wanted[token]:  # a rare word stays unless a close one is far more used
            close = [w for w in close if w != token and vocab[w] >= RARE_RATIO * max(1, vocab.get(token, 0))]
        if not close:
            continue
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        fits = {w: _fit(token, w, before, after, vocab, together) for w in close}
        if wanted[token] and together and (before or after):
            # A rare word may be a name said nowhere else ("los angeles"): correct it only into words
            # that stand near its neighbours somewhere, never into "lots angles".
            fits = {w: f for w, f in fits.items() if f[0] > 0}
            if not fits:
                continue
        best = max(fits, key=lambda w: fits[w])
        tokens[i] = best
        fixed = re.sub(rf"(?<![\w'])({re.escape(token)})(?![\w'])", best, fixed, count=1, flags=re.I)
        changed = True
    return fixed if changed else None


def _fit(token: str, word: str, before: str, after: str, vocab: Mapping[str, int],
         together: Callable[[str, str], float] | None) -> tuple[float, float, int]:
    """How well `word` replaces `token`: said near the neighbours, then how close, then how common."""
    beside = 0.0
    if together:
        beside = (together(before, word) if before else 0.0) + (together(word, after) if after else 0.0)
    return (beside, difflib.SequenceMatcher(None, token, word).ratio(), vocab[word])


def completions(vocab: Mapping[str, int], prefix: str) -> list[str]:
    """The words said here that begin with `prefix`, most said first (what a prefix search means)."""
    prefix = prefix.lower()
    return sorted((w for w in vocab if w.startswith(prefix)), key=lambda w: (-vocab[w], w))
