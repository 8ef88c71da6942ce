"""Leave-one-set-out test of training the style model on the hand-labelled check sets as well.

The shipped model (indexer/data/style_model.json) is trained on benchmarks/eval/train_style.jsonl
only. This script asks whether adding the check sets' interview-level style labels helps on a set
the model never saw: for each check set it trains on train_style.jsonl plus every other check set,
runs the full inference path (model where the either/or answer was found and its probability
reaches the threshold, else the rules) on the held set, and prints both accuracies. dev is never
trained on; its row is the model trained on everything else. `--write` saves that model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from labels_eval import default_corpus, default_gold, load  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from train_style import OUT, _prune  # noqa: E402

import indexer.labels_style_model as style_model  # noqa: E402
from indexer.labels import bounded  # noqa: E402
from indexer.labels_style import style_tally  # noqa: E402
from indexer.labels_style_model import CLASSES, features  # noqa: E402
from indexer.models import Transcript  # noqa: E402

TRAIN = ROOT / "benchmarks" / "eval" / "train_style.jsonl"
Weights = tuple[dict[str, list[float]], list[float]]


def _rows(path: Path) -> list[tuple[str, str]]:
    """(transcript id, style) of a label file's rows that are not unclear."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["transcript_id"], r["interaction_style"]) for r in rows if r["interaction_style"] in CLASSES]


def fit(pairs: list[tuple[str, str]], by_id: dict[str, Transcript], c: float, weight: str | None) -> Weights:
    """Weights in the shipped JSON's shape, trained on the pairs whose either/or answer was found."""
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    for tid, style in pairs:
        tally = style_tally(bounded(by_id[tid]))
        if tally.answer is not None and tally.collab + tally.deleg > 0:  # where inference uses the model
            rows.append(features(tally))
            labels.append(CLASSES.index(style))
    keep = _prune(rows, list(range(len(rows))))
    vec = DictVectorizer()
    x = vec.fit_transform([{k: v for k, v in r.items() if k in keep} for r in rows])
    model = LogisticRegression(C=c, max_iter=3000, class_weight=weight).fit(x, labels)
    order = [list(model.classes_).index(k) for k in range(len(CLASSES))]
    names = vec.get_feature_names_out()
    weights = {str(n): [round(float(model.coef_[k][j]), 4) for k in order]
               for j, n in enumerate(names) if any(abs(model.coef_[k][j]) >= 1e-3 for k in order)}
    return weights, [round(float(model.intercept_[k]), 4) for k in order]


def accuracy(pairs: list[tuple[str, str]], by_id: dict[str, Transcript], weights: Weights | None) -> int:
    """Right answers on the pairs through the full inference path, with these weights (None: shipped)."""
    original = style_model._weights
    if weights is not None:
        style_model._weights = lambda: weights  # type: ignore[assignment]
    try:
        return sum(style_model.interaction_style(bounded(by_id[tid])).value == style for tid, style in pairs)
    finally:
        style_model._weights = original  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--c", type=float, default=0.1)
    parser.add_argument("--unweighted", action="store_true", help="no balanced class weights")
    parser.add_argument("--write", action="store_true", help="save the model trained on all but dev")
    args = parser.parse_args()
    weight = None if args.unweighted else "balanced"
    by_id = {t.transcript_id: t for t in load(default_corpus())}
    sets = {p.name.split("_")[0]: _rows(p) for p in default_gold()}
    base = _rows(TRAIN)
    held_ids = {tid for pairs in sets.values() for tid, _ in pairs}
    base = [(tid, s) for tid, s in base if tid not in held_ids]
    total_old = total_new = n_all = 0
    for name, pairs in sets.items():
        others = [p for other, ps in sets.items() if other not in (name, "dev") for p in ps]
        new = accuracy(pairs, by_id, fit(base + others, by_id, args.c, weight))
        old = accuracy(pairs, by_id, None)
        if name != "dev":
            total_old, total_new, n_all = total_old + old, total_new + new, n_all + len(pairs)
        print(f"{name:8} n={len(pairs):3}  shipped {old / len(pairs):6.1%}  trained without it {new / len(pairs):6.1%}")
    print(f"check sets: shipped {total_old}/{n_all} = {total_old / n_all:.1%}, "
          f"leave-one-set-out {total_new}/{n_all} = {total_new / n_all:.1%}")
    if args.write:
        weights, bias = fit(base + [p for name, ps in sets.items() if name != "dev" for p in ps], by_id, args.c, weight)
        data: dict[str, Any] = {"classes": list(CLASSES), "bias": bias, "weights": weights,
                                "trained_on": "train_style.jsonl + check sets (not dev)", "c": args.c,
                                "class_weight": weight}
        OUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(weights)} weights → {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
