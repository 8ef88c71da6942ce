"""The embedded vector store's exact scan: true nearest first, ties by id, the transcript filter."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from indexer.settings import Settings
from indexer.store import VectorStore


def test_exact_scan_is_true_nearest_and_stable(tmp_path: Path) -> None:
    build = tmp_path / "builds" / "b1"
    build.mkdir(parents=True)
    store = VectorStore(Settings(data_dir=tmp_path), build)
    assert store.exact
    ids = ["work_0001:1:0", "work_0001:3:0", "work_0002:1:0", "work_0003:1:0"]
    vectors = np.array([[1, 0, 0], [0.6, 0.8, 0], [0.6, 0.8, 0], [0, 0, 1]], dtype=np.float32)
    store.add(ids, vectors, [{"transcript_id": i.split(":")[0]} for i in ids])
    hits = store.query(np.array([1, 0, 0], dtype=np.float32), 3)
    assert [h[0] for h in hits] == ["work_0001:1:0", "work_0001:3:0", "work_0002:1:0"]  # tie: by id
    assert [round(h[1], 4) for h in hits] == [1.0, 0.6, 0.6]
    only = store.query(np.array([1, 0, 0], dtype=np.float32), 5, where={"transcript_id": {"$in": ["work_0003"]}})
    assert [(h[0], round(h[1], 4)) for h in only] == [("work_0003:1:0", 0.0)]
    # A vector added later (the background fill) is seen: the scan reloads when the count changes.
    store.add(["work_0004:1:0"], np.array([[2, 0, 0]], dtype=np.float32), [{"transcript_id": "work_0004"}])
    assert store.query(np.array([1, 0, 0], dtype=np.float32), 1)[0][0] == "work_0001:1:0"  # tied at 1.0: by id
    assert len(store.query(np.array([1, 0, 0], dtype=np.float32), 10)) == 5
