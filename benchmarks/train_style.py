"""Train the interaction-style model (indexer/data/style_model.json) on benchmarks/eval/train_style.jsonl."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from labels_eval import default_corpus, load  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import cross_val_score  # noqa: E402

from indexer.labels import bounded  # noqa: E402
from indexer.labels_style import style_tally  # noqa: E402
from indexer.labels_style_model import CLASSES, features  # noqa: E402

OUT = ROOT / "indexer" / "data" / "style_model.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=Path, default=ROOT / "benchmarks" / "eval" / "train_style.jsonl")
    parser.add_argument("--c", type=float, default=0.3, help="inverse L2 regularisation strength")
    args = parser.parse_args()
    gold = [json.loads(line) for line in args.train.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = [g for g in gold if g["interaction_style"] in CLASSES]  # "unclear" is left to the rules
    wanted = {g["transcript_id"] for g in gold}
    by_id = {t.transcript_id: t for t in load(default_corpus()) if t.transcript_id in wanted}
    rows = [features(style_tally(bounded(by_id[g["transcript_id"]]))) for g in gold]
    # A word seen in one answer only is that answer's story, not a sign of a style; dropping such
    # features also keeps the shipped JSON small.
    seen = Counter(name for row in rows for name in row)
    rows = [{k: v for k, v in row.items() if seen[k] >= 2} for row in rows]
    labels = [CLASSES.index(g["interaction_style"]) for g in gold]
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=args.c, max_iter=2000, class_weight="balanced")
    cv = cross_val_score(model, x, labels, cv=5)
    print(f"{len(gold)} examples, {x.shape[1]} features, 5-fold accuracy {cv.mean():.3f}", file=sys.stderr)
    model.fit(x, labels)
    names = vec.get_feature_names_out()
    weights = {str(n): [round(float(model.coef_[k][j]), 4) for k in range(len(CLASSES))]
               for j, n in enumerate(names) if any(abs(model.coef_[k][j]) >= 1e-3 for k in range(len(CLASSES)))}
    OUT.write_text(json.dumps({"classes": list(CLASSES), "bias": [round(float(b), 4) for b in model.intercept_],
                               "weights": weights, "trained_on": args.train.name, "c": args.c},
                              separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(weights)} weights → {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
