"""The opened archive: live build's SQLite and Chroma, participants in memory, embedder on demand."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from indexer import citation, spelling, store
from indexer.chunk import is_sign_off
from indexer.embed import Embedder, make_embedder
from indexer.errors import TranscriptNotFound
from indexer.ftsquery import semantic_text
from indexer.models import Label
from indexer.settings import Settings
from indexer.store import KeywordStore, label_from_json


@dataclass(frozen=True)
class ParticipantInfo:
    """A participant row as the read side needs it (labels with evidence)."""

    transcript_id: str
    cohort: str
    n_turns: int
    n_answers: int
    n_words: int
    occupation: Label
    occupation_group: Label
    interaction_style: Label

    @property
    def group_code(self) -> str:
        return self.occupation_group.value.split(" ", 1)[0]

    def as_dict(self) -> dict[str, Any]:
        def label(lb: Label) -> dict[str, Any]:
            return {"value": lb.value, "confidence": lb.confidence, "source": lb.source,
                    "evidence": lb.evidence, "turn": lb.turn, "start": lb.start, "end": lb.end,
                    "note": lb.note}

        return {
            "transcript_id": self.transcript_id, "cohort": self.cohort, "n_turns": self.n_turns,
            "n_answers": self.n_answers, "n_words": self.n_words,
            "occupation": self.occupation.value, "occupation_group": self.occupation_group.value,
            "interaction_style": self.interaction_style.value,
            "labels": {"occupation": label(self.occupation),
                       "occupation_group": label(self.occupation_group),
                       "interaction_style": label(self.interaction_style)},
        }


class Archive:
    """Everything a query needs, opened once per process and reopened when a new build goes live."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._lock = threading.RLock()
        self._build: Path | None = None
        self._vocabulary: Counter[str] | None = None
        self._common: list[str] | None = None
        self._sign_offs: frozenset[int] | None = None
        self._open()

    # -- lifecycle --
    def _open(self) -> None:
        build = store.current_build(self.settings)
        self._build = build
        self.keyword = KeywordStore(build / "archive.sqlite")
        self._vectors: store.VectorStore | None = None
        self._complete: dict[str, int | bool] | None = None
        rows = self.keyword.db().execute("SELECT * FROM participants ORDER BY transcript_id").fetchall()
        self.participants: dict[str, ParticipantInfo] = {}
        for r in rows:
            labels = json.loads(r["labels"])
            self.participants[r["transcript_id"]] = ParticipantInfo(
                r["transcript_id"], r["cohort"], r["n_turns"], r["n_answers"], r["n_words"],
                label_from_json(labels["occupation"]), label_from_json(labels["occupation_group"]),
                label_from_json(labels["interaction_style"]),
            )

    def sign_offs(self) -> frozenset[int]:
        """Rowids of chunks that are only an interview's sign-off ("No, that's all. Thank you.")."""
        if self._sign_offs is not None:  # read once per build; a search never waits on the lock for it
            return self._sign_offs
        with self._lock:
            if self._sign_offs is None:
                rows = self.keyword.db().execute("SELECT rowid, text FROM chunks")
                self._sign_offs = frozenset(r[0] for r in rows if is_sign_off(r[1]))
            return self._sign_offs

    def vocabulary(self) -> Counter[str]:
        """Every word participants say in this build, with its count (for did-you-mean); built once per build."""
        if self._vocabulary is not None:
            return self._vocabulary
        with self._lock:
            if self._vocabulary is None:
                rows = self.keyword.db().execute("SELECT text FROM chunks")
                self._vocabulary = spelling.vocabulary(r[0] for r in rows)
            return self._vocabulary

    @lru_cache(maxsize=4096)  # noqa: B019 - document frequencies are fixed per build; cleared on refresh
    def doc_share(self, term: str) -> float:
        """Share of chunks containing an FTS term (as FTS5 tokenises and stems it)."""
        db = self.keyword.db()
        total = db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0] or 1
        quoted = '"' + term.replace('"', '""') + '"'
        found = db.execute("SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (quoted,)).fetchone()[0]
        return float(found) / total

    @lru_cache(maxsize=4096)  # noqa: B019 - fixed per build, like doc_share
    def close_words(self, token: str) -> tuple[str, ...]:
        """Common words close to a word nobody says (did-you-mean); difflib over the vocabulary, so cached."""
        if self._common is None:
            self._common = spelling.common_words(self.vocabulary())
        return spelling.close_words(token, self._common)

    @lru_cache(maxsize=4096)  # noqa: B019 - fixed per build, like doc_share
    def near_share(self, a: str, b: str, distance: int = 10) -> float:
        """Share of chunks where two FTS terms stand within `distance` words of each other (did-you-mean context)."""
        db = self.keyword.db()
        total = db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0] or 1
        quoted = " ".join('"' + t.replace('"', '""') + '"' for t in (a, b))
        found = db.execute("SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?",
                           (f"NEAR({quoted}, {int(distance)})",)).fetchone()[0]
        return float(found) / total

    def refresh(self) -> None:
        """Pick up a newly swapped-in build (cheap: one readlink per call)."""
        try:
            build = store.current_build(self.settings)
        except Exception:
            return  # keep serving what we have
        if build != self._build:
            with self._lock:
                if build != self._build:
                    self._open()
                    self._vocabulary = None
                    self._common = None
                    self.close_words.cache_clear()
                    self._sign_offs = None
                    self._query_vector.cache_clear()
                    self.doc_share.cache_clear()
                    self.near_share.cache_clear()

    @property
    def build(self) -> Path:
        assert self._build is not None
        return self._build

    # -- semantic side --
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                s = self.settings
                self._embedder = make_embedder(s.embedder, s.embed_batch_size, s.torch_threads)
            return self._embedder

    def model_loaded(self) -> bool:
        """Whether the embedding model is in memory: until it is, a semantic search first loads it (~4 s)."""
        return self._embedder is not None

    def vectors(self) -> store.VectorStore:
        with self._lock:
            if self._vectors is None:
                self._vectors = store.VectorStore(self.settings, self.build)
            return self._vectors

    @lru_cache(maxsize=512)  # noqa: B019 - one Archive per process; repeated queries are common
    def _query_vector(self, query: str) -> np.ndarray:
        return self.embedder().encode([query])[0]

    def query_vector(self, query: str) -> np.ndarray:
        """The vector a semantic search uses: the query as settings say to embed it, cached."""
        s = self.settings
        return self._query_vector(semantic_text(query, s.first_person) if s.strip_frame else query)

    def semantic_status(self) -> dict[str, int | bool]:
        """Chunks with vectors so far; once a build is complete it stays complete, so that is cached."""
        if self._complete is not None:
            return self._complete
        db = self.keyword.db()
        total = db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        done = db.execute("SELECT COUNT(*) FROM chunks WHERE embedded=1").fetchone()[0]
        status: dict[str, int | bool] = {"embedded": done, "total": total, "ready": total > 0 and done >= total}
        if status["ready"]:
            self._complete = status
        return status

    def fill_vectors_in_background(self, on_error: Callable[[Exception], None]) -> threading.Thread | None:
        """Embed what the live build lacks, in this process (Chroma's local store is single-writer)."""
        if self.semantic_status()["ready"]:
            return None
        from indexer.pipeline import fill_vectors

        def run() -> None:
            try:
                # Small batches: the UI's progress bar moves every few seconds, not every 30.
                fill_vectors(self.settings, self.build, self.embedder(), vector_store=self.vectors(), batch=128)
            except Exception as exc:  # reported through /health, never kills the server
                on_error(exc)

        thread = threading.Thread(target=run, name="embed-fill", daemon=True)
        thread.start()
        return thread

    # -- documents --
    def transcript(self, transcript_id: str) -> dict[str, Any]:
        db = self.keyword.db()
        row = db.execute(
            "SELECT transcript_id, source, text, repaired FROM transcripts WHERE transcript_id=?",
            (transcript_id,),
        ).fetchone()
        if row is None:
            raise TranscriptNotFound(transcript_id)
        text = row["text"]
        turns = [
            {"number": t["number"], "speaker": t["speaker"], "label": t["label"],
             "start": t["start"], "end": t["end"], "text": text[t["start"] : t["end"]]}
            for t in db.execute(
                'SELECT number, speaker, label, start, "end" FROM turns WHERE transcript_id=? ORDER BY number',
                (transcript_id,),
            )
        ]
        participant = self.participants.get(transcript_id)
        return {
            "transcript_id": transcript_id, "source": Path(row["source"]).name,
            "repaired": bool(row["repaired"]), "text": text, "turns": turns,
            "participant": participant.as_dict() if participant else None,
            # What a quote from this interview must cite besides id and turn (None outside the dataset).
            "attribution": citation.ATTRIBUTION if citation.from_dataset(transcript_id) else None,
        }

    def chunk_positions(self, rowids: list[int]) -> dict[int, Any]:
        """turn, start and end of each chunk (no text): enough to find a result set's passages."""
        return self.chunk_rows(rowids, 'rowid, turn, start, "end"')

    _ROW = 'rowid, chunk_id, transcript_id, turn, start, "end", text, question, question_turn'

    def chunk_rows(self, rowids: list[int], columns: str = _ROW) -> dict[int, Any]:
        """Rows of the chunks table by rowid (keyword mode may ask for thousands)."""
        out: dict[int, Any] = {}
        db = self.keyword.db()
        for i in range(0, len(rowids), 10_000):  # SQLite caps the number of bound parameters
            batch = rowids[i : i + 10_000]
            marks = ",".join("?" * len(batch))
            out.update((r["rowid"], r) for r in db.execute(f"SELECT {columns} FROM chunks WHERE rowid IN ({marks})",
                                                           batch))
        return out

    def rowids_for(self, chunk_ids: list[str]) -> dict[str, int]:
        if not chunk_ids:
            return {}
        marks = ",".join("?" * len(chunk_ids))
        rows = self.keyword.db().execute(
            f"SELECT chunk_id, rowid FROM chunks WHERE chunk_id IN ({marks})", chunk_ids
        )
        return {r[0]: r[1] for r in rows}
