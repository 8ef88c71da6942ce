"""Train the interaction-style model (indexer/data/style_model.json) on benchmarks/eval/train_style.jsonl.

Prints 5-fold cross-validated accuracy of the rules alone, the model alone and the shipped combination
(model where its top probability reaches the threshold, else the rules), over the labelled rows that are
not "unclear" (as the eval scores them), so settings are chosen on the training set, never the dev or
check sets. `--variants` compares a few settings; the defaults are the chosen ones.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from labels_eval import default_corpus, load  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from indexer.labels import bounded  # noqa: E402
from indexer.labels_style import StyleTally, rule_style, style_tally  # noqa: E402
from indexer.labels_style_model import CLASSES, MIN_PROBABILITY, features  # noqa: E402

OUT = ROOT / "indexer" / "data" / "style_model.json"


def _prune(rows: list[dict[str, float]], fit: list[int]) -> set[str]:
    """Features seen in >= 2 training answers: a word in one answer only is that answer's story, not a
    sign of a style (and dropping them keeps the shipped JSON small)."""
    seen = Counter(name for i in fit for name in rows[i])
    return {k for k, n in seen.items() if n >= 2}


def _fit(rows: list[dict[str, float]], labels: list[int], fit: list[int], c: float,
         weight: str | None) -> tuple[DictVectorizer, LogisticRegression]:
    keep = _prune(rows, fit)
    vec = DictVectorizer()
    x = vec.fit_transform([{k: v for k, v in rows[i].items() if k in keep} for i in fit])
    model = LogisticRegression(C=c, max_iter=2000, class_weight=weight)
    model.fit(x, [labels[i] for i in fit])
    return vec, model


def cross_validate(tallies: list[StyleTally], rows: list[dict[str, float]], labels: list[int], c: float,
                   weight: str | None, threshold: float) -> tuple[float, float, float]:
    """5-fold accuracy (rules alone, model alone, combination) over the rows."""
    rule = model_ok = combo = 0
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    for fit, held in folds.split(rows, labels):
        vec, model = _fit(rows, labels, list(fit), c, weight)
        probs = model.predict_proba(vec.transform([rows[i] for i in held]))
        for i, p in zip(held, probs, strict=True):
            gold = CLASSES[labels[i]]
            by_rules = rule_style(tallies[i])
            k = int(p.argmax())
            by_model = CLASSES[int(model.classes_[k])]
            rule += by_rules == gold
            model_ok += by_model == gold
            # As at inference: the model speaks only where an answer to the question was found.
            use_model = (tallies[i].answer is not None and tallies[i].collab + tallies[i].deleg > 0
                         and p[k] >= threshold)
            combo += (by_model if use_model else by_rules) == gold
    n = len(rows)
    return rule / n, model_ok / n, combo / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=Path, default=ROOT / "benchmarks" / "eval" / "train_style.jsonl")
    parser.add_argument("--c", type=float, default=0.1, help="inverse L2 regularisation strength")
    parser.add_argument("--unweighted", action="store_true", help="no balanced class weights")
    parser.add_argument("--variants", action="store_true", help="cross-validate a grid of settings, write nothing")
    parser.add_argument("--first", type=int, default=0,
                        help="train on the file's first N rows only (150 = the original workforce set)")
    args = parser.parse_args()
    gold = [json.loads(line) for line in args.train.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = gold[:args.first] if args.first else gold
    gold = [g for g in gold if g["interaction_style"] in CLASSES]  # "unclear" is left to the rules
    wanted = {g["transcript_id"] for g in gold}
    by_id = {t.transcript_id: t for t in load(default_corpus()) if t.transcript_id in wanted}
    tallies = [style_tally(bounded(by_id[g["transcript_id"]])) for g in gold]
    rows = [features(t) for t in tallies]
    labels = [CLASSES.index(g["interaction_style"]) for g in gold]
    mix = Counter(g["interaction_style"] for g in gold)
    print(f"{len(gold)} examples {dict(mix)}", file=sys.stderr)
    weight = None if args.unweighted else "balanced"
    if args.variants:
        for c in (0.1, 0.3, 1.0, 3.0):
            for w in ("balanced", None):
                for threshold in (0.0, 0.4, 0.5, 0.6):
                    r, m, k = cross_validate(tallies, rows, labels, c, w, threshold)
                    print(f"C={c:<4} weight={w!s:<9} threshold={threshold:.1f}: rules {r:.3f} model {m:.3f} "
                          f"combined {k:.3f}")
        return
    r, m, k = cross_validate(tallies, rows, labels, args.c, weight, MIN_PROBABILITY)
    print(f"5-fold accuracy: rules {r:.3f}, model {m:.3f}, combined (threshold {MIN_PROBABILITY}) {k:.3f}",
          file=sys.stderr)
    vec, model = _fit(rows, labels, list(range(len(rows))), args.c, weight)
    names = vec.get_feature_names_out()
    # sklearn orders coef_ rows by model.classes_; the JSON lists them in CLASSES order.
    order = [list(model.classes_).index(k) for k in range(len(CLASSES))]
    weights = {str(n): [round(float(model.coef_[k][j]), 4) for k in order]
               for j, n in enumerate(names) if any(abs(model.coef_[k][j]) >= 1e-3 for k in order)}
    data: dict[str, Any] = {"classes": list(CLASSES), "bias": [round(float(model.intercept_[k]), 4) for k in order],
                            "weights": weights, "trained_on": args.train.name, "c": args.c,
                            "class_weight": weight, "examples": len(gold),
                            "first": args.first}
    OUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(weights)} weights → {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
