"""Rank fusion for hybrid search: chosen once, then a pure function over rankings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def rrf(rankings: Sequence[Sequence[str]], k: int = 60) -> dict[str, float]:
    """Reciprocal rank fusion: score(d) = Σ 1 / (k + rank(d)), ranks from 1."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


def minmax(scores: Mapping[str, float]) -> dict[str, float]:
    """Scale scores to [0, 1] (all equal → 1)."""
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    if hi == lo:
        return {key: 1.0 for key in scores}
    return {key: (value - lo) / (hi - lo) for key, value in scores.items()}


def weighted(
    keyword: Mapping[str, float], semantic: Mapping[str, float], alpha: float = 0.5
) -> dict[str, float]:
    """Convex combination of min-max normalised scores; alpha weighs the semantic side."""
    kw, sem = minmax(keyword), minmax(semantic)
    return {
        key: (1 - alpha) * kw.get(key, 0.0) + alpha * sem.get(key, 0.0) for key in kw.keys() | sem.keys()
    }


def dbsf(scores: Mapping[str, float]) -> dict[str, float]:
    """Distribution-based scaling: (x - (mean - 3 sd)) / 6 sd, so one outlier doesn't squash the rest."""
    if not scores:
        return {}
    values = list(scores.values())
    mean = sum(values) / len(values)
    sd = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    if sd == 0:
        return {key: 1.0 for key in scores}
    lo = mean - 3 * sd
    return {key: (value - lo) / (6 * sd) for key, value in scores.items()}


def weighted_dbsf(
    keyword: Mapping[str, float], semantic: Mapping[str, float], alpha: float = 0.5
) -> dict[str, float]:
    """Convex combination of distribution-scaled scores; alpha weighs the semantic side."""
    kw, sem = dbsf(keyword), dbsf(semantic)
    # A candidate missing from one list ranked below that list's cut-off: it scores the list's
    # lowest value there, which is an upper bound, rather than zero, which min-max implies. A list
    # whose scores are all equal has no cut-off to speak of: missing candidates score zero there.
    kw_floor = min(kw.values()) if len(set(keyword.values())) > 1 else 0.0
    sem_floor = min(sem.values()) if len(set(semantic.values())) > 1 else 0.0
    return {
        key: (1 - alpha) * kw.get(key, kw_floor) + alpha * sem.get(key, sem_floor) for key in kw.keys() | sem.keys()
    }


def ranked(scores: Mapping[str, float]) -> list[tuple[str, float]]:
    """Items best first; ties broken by id so results are stable."""
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
