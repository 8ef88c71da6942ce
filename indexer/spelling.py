"""Did-you-mean for query words no participant says (or says only by a slip), and prefix completions,
from the archive's own words."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

# Words as FTS5's unicode61 tokenizer sees them: letters and digits ("gpt4"), any case, accents
# folded ("naïve" is "naive"), so completions and suggestions cover what keyword search can find.
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
# A suggestion must be a word people actually use here (typos in answers occur once or twice)
# and close to what was typed: "skil" → "skill", "worryed" → "worried", never a different word.
MIN_USES = 3
CUTOFF = 0.8
# A word said once or twice ("writting", or "los" only inside other words' stems) is worth a
# suggestion only when a word one slip away is said this many times as often ("writing": 1,882
# to 1). One slip: a review found "irregularly" → "regularly" and "nearest" → "interest" at
# difflib's 0.8, words spelled right and merely rare.
RARE_RATIO = 20
_ALPHABET = "abcdefghijklmnopqrstuvwxyz'"


def fold(text: str) -> str:
    """Lower case without accents, as FTS5 (remove_diacritics) compares words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """How often each word (folded) occurs in the given texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(WORD.findall(fold(text)))
    return counts


def common_words(vocab: Mapping[str, int]) -> list[str]:
    """The words said often enough to be suggested."""
    return [w for w, n in vocab.items() if n >= MIN_USES]


def close_words(token: str, common: Sequence[str]) -> tuple[str, ...]:
    """The common words closest to `token` (difflib's ratio ≥ CUTOFF), best first; ~0.1 s over 9k words,
    so Archive caches it per build."""
    return tuple(difflib.get_close_matches(token, common, n=5, cutoff=CUTOFF))


def suggest(query: str, unknown: Iterable[str], vocab: Mapping[str, int], rare: Iterable[str] = (),
            together: Callable[[str, str], float] | None = None,
            close: Callable[[str], Sequence[str]] | None = None) -> str | None:
    """The query with each unknown (or rare) word replaced by its closest common word, or None if none is close.

    Among equally close words, the one said most often beside the query's neighbouring word wins
    (`together`, e.g. passages with the two words near each other): "skil los" → "skill lose", not
    "skill lots", though "lots" is said more. A rare word is only corrected by one slip (a letter
    missing, extra, wrong or swapped) into a far commoner word.
    """
    if close is None:
        common = common_words(vocab)
        close = lambda token: close_words(token, common)  # noqa: E731 - the uncached default
    wanted = {fold(w): False for w in unknown} | {fold(w): True for w in rare}
    tokens = WORD.findall(fold(query))
    fixed, changed = query, False
    for i, token in enumerate(tokens):
        if token not in wanted:
            continue
        if wanted[token]:  # a rare word stays unless a word one slip away is far more used
            floor = RARE_RATIO * max(1, vocab.get(token, 0))
            candidates = [w for w in _one_slip(token) if vocab.get(w, 0) >= max(floor, MIN_USES)]
        else:
            candidates = list(close(token))
        if not candidates:
            continue
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        fits = {w: _fit(token, w, before, after, vocab, together) for w in candidates}
        if wanted[token] and together and (before or after):
            # A rare word may be a name said nowhere else ("los angeles"): correct it only into words
            # that stand near its neighbours somewhere, never into "lots angles".
            fits = {w: f for w, f in fits.items() if f[0] > 0}
            if not fits:
                continue
        best = max(fits, key=lambda w: fits[w])
        replaced = re.sub(rf"(?<![\w'])({re.escape(token)})(?![\w'])", best, fixed, count=1, flags=re.I)
        if replaced != fixed:  # a word typed with accents is left as typed
            tokens[i], fixed, changed = best, replaced, True
    return fixed if changed else None


def _one_slip(word: str) -> set[str]:
    """Every string one deletion, swap, replacement or insertion away (Norvig's edits1)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return (deletes | swaps | replaces | inserts) - {word}


def _fit(token: str, word: str, before: str, after: str, vocab: Mapping[str, int],
         together: Callable[[str, str], float] | None) -> tuple[float, float, int]:
    """How well `word` replaces `token`: said near the neighbours, then how close, then how common."""
    beside = 0.0
    if together:
        beside = (together(before, word) if before else 0.0) + (together(word, after) if after else 0.0)
    return (beside, difflib.SequenceMatcher(None, token, word).ratio(), vocab[word])


def completions(vocab: Mapping[str, int], prefix: str) -> list[str]:
    """The words said here that begin with `prefix`, most said first (what a prefix search means)."""
    prefix = fold(prefix)
    return sorted((w for w in vocab if w.startswith(prefix)), key=lambda w: (-vocab[w], w))
