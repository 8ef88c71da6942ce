"""Researcher overrides of participant labels: parsed, applied at index time, marked as overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.archive import Archive
from indexer.embed import HashEmbedder
from indexer.overrides import parse_overrides
from indexer.pipeline import build_index
from tests.conftest import CORPUS, make_settings


def test_parse_overrides_names_bad_rows() -> None:
    messages: list[str] = []
    text = ("transcript_id,field,value,note\nwork_9001,occupation,chemistry teacher,checked by KH\n"
            "work_9001,mood,happy,\n")
    parsed = parse_overrides(text, "overrides.csv", messages)
    label = parsed["work_9001"]["occupation"]
    assert (label.value, label.source, label.confidence, label.note) == (
        "chemistry teacher", "override", 1.0, "checked by KH")
    assert messages == ["skipped overrides.csv line 3: field must be one of occupation, occupation_group, "
                        "interaction_style with a transcript_id and a value"]


def test_overrides_apply_at_index_time_and_trigger_a_rebuild(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    build_index([CORPUS], settings, embedder=HashEmbedder())
    (tmp_path / "overrides.csv").write_text(
        "transcript_id,field,value,note\n"
        "work_9005,occupation_group,43 Office and Administrative Support,call centre\n"
        "work_9005,interaction_style,delegative,from the audio\n")
    from indexer.pipeline import is_up_to_date

    assert not is_up_to_date([CORPUS], settings)  # editing overrides makes the index stale
    build_index([CORPUS], settings, embedder=HashEmbedder())
    p = Archive(settings).participants["work_9005"]
    assert (p.occupation_group.value, p.occupation_group.source, p.occupation_group.note) == (
        "43 Office and Administrative Support", "override", "call centre")
    assert (p.interaction_style.value, p.interaction_style.source) == ("delegative", "override")
    assert p.occupation.source == "derived"  # fields not overridden stay derived
    assert p.as_dict()["labels"]["interaction_style"]["source"] == "override"


@pytest.mark.parametrize("folder,pattern,edited", [
    ("LABEL_DATA", "*", "soc_titles.csv"),  # the tables: a new title
    ("LABEL_CODE", "labels*.py", "labels_style.py"),  # the rules themselves
])
def test_editing_label_tables_or_rules_makes_the_index_stale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str, pattern: str, edited: str) -> None:
    import shutil

    from indexer import pipeline

    copy = tmp_path / "copy"
    copy.mkdir()
    for path in getattr(pipeline, folder).glob(pattern):
        if path.is_file():
            shutil.copy(path, copy / path.name)
    monkeypatch.setattr(pipeline, folder, copy)
    settings = make_settings(tmp_path / "data")
    build_index([CORPUS], settings, embedder=HashEmbedder())
    assert pipeline.is_up_to_date([CORPUS], settings)
    with (copy / edited).open("a", encoding="utf-8") as f:
        f.write("# an edit\n")
    assert not pipeline.is_up_to_date([CORPUS], settings)  # relabelling needs a rebuild
