"""Researcher overrides of participant labels: parsed, applied at index time, marked as overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.archive import Archive
from indexer.embed import HashEmbedder
from indexer.enrich import with_overrides
from indexer.models import Label
from indexer.overrides import parse_overrides, unknown_ids
from indexer.pipeline import build_index
from tests.conftest import CORPUS, make_settings


def test_parse_overrides_names_bad_rows() -> None:
    messages: list[str] = []
    text = ("transcript_id,field,value,note\nwork_9001,occupation,chemistry teacher,checked by KH\n"
            "work_9001,mood,happy,\nwork_9001,interaction_style,,\n,occupation,nurse,\n")
    parsed = parse_overrides(text, "overrides.csv", messages)
    label = parsed["work_9001"]["occupation"]
    assert (label.value, label.source, label.confidence, label.note) == (
        "chemistry teacher", "override", 1.0, "checked by KH")
    assert messages == [
        "skipped overrides.csv line 3: field 'mood' is not a label; use one of occupation, occupation_group, "
        "interaction_style",
        "skipped overrides.csv line 4: interaction_style for work_9001 has no value; write the label, or delete "
        "the row",
        "skipped overrides.csv line 5: transcript_id is empty; give the interview's id, e.g. work_0035",
    ]


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


HEALTH = "29 Healthcare Practitioners and Technical"


def test_parse_overrides_normalises_styles_and_soc_groups() -> None:
    messages: list[str] = []
    text = ("transcript_id,field,value,note\n"
            "work_0001,interaction_style,Delegative,\n"
            "work_0002,occupation_group,29,\n"
            "work_0003,occupation_group,29   healthcare PRACTITIONERS and technical,\n"
            "work_0004,occupation_group,Healthcare Practitioners and Technical,\n")
    parsed = parse_overrides(text, "overrides.csv", messages)
    assert messages == []
    assert parsed["work_0001"]["interaction_style"].value == "delegative"
    assert [parsed[t]["occupation_group"].value for t in ("work_0002", "work_0003", "work_0004")] == [HEALTH] * 3


def test_parse_overrides_names_file_line_value_and_allowed_values() -> None:
    messages: list[str] = []
    text = ("transcript_id,field,value,note\n"
            "work_0001,interaction_style,delegtive,typo\n"
            "work_0002,occupation_group,99,no such group\n"
            "work_0003,occupation_group,29 Management,code and title disagree\n")
    assert parse_overrides(text, "data/overrides.csv", messages) == {}
    assert messages[0] == ("skipped data/overrides.csv line 2: interaction_style 'delegtive' is not allowed; "
                           "use one of collaborative, delegative, mixed, unclear")
    assert messages[1].startswith("skipped data/overrides.csv line 3: occupation_group '99' is not a SOC 2018 "
                                  "major group; use a code (e.g. 29) or a code and title from: 00 unknown; "
                                  "11 Management; 13 Business and Financial Operations; ")
    assert messages[1].endswith("; 53 Transportation and Material Moving; 55 Military Specific")
    assert messages[2].startswith("skipped data/overrides.csv line 4: occupation_group '29 Management' is not")
    assert len(messages) == 3


def test_parse_overrides_skips_comments_and_counts_their_lines() -> None:
    messages: list[str] = []
    text = ("# Researcher corrections\n"
            "transcript_id,field,value,note\n"
            "# the next row is a typo on purpose\n"
            "work_0001,interaction_style,mixd,\n"
            "work_0001,interaction_style,mixed,first\n"
            "work_0001,interaction_style,unclear,second\n")
    parsed = parse_overrides(text, "o.csv", messages)
    assert (parsed["work_0001"]["interaction_style"].value, parsed["work_0001"]["interaction_style"].note) == (
        "unclear", "second")
    assert messages == [
        "skipped o.csv line 4: interaction_style 'mixd' is not allowed; use one of collaborative, delegative, "
        "mixed, unclear",
        "o.csv line 6: work_0001 interaction_style was already set on line 5; the later row wins",
    ]


def test_unknown_ids_are_named() -> None:
    first_lines = {"work_0001": 2, "work_9999": 7}
    assert unknown_ids(first_lines, {"work_0001"}, "data/overrides.csv") == [
        "ignored data/overrides.csv line 7: no transcript 'work_9999' in this build; check the id against "
        "`archive participants`"]


def test_occupation_override_brings_its_own_group() -> None:
    derived = {"occupation": Label("software engineer", 0.95, "derived"),
               "occupation_group": Label("15 Computer and Mathematical", 0.85, "derived"),
               "interaction_style": Label("mixed", 0.9, "derived")}
    nurse = Label("registered nurse", 1.0, "override", note="from the consent form")
    labels = with_overrides("work_0001", derived, {"occupation": nurse})
    assert labels["occupation"] == nurse
    assert labels["occupation_group"] == Label(
        HEALTH, 1.0, "override", note="follows the occupation override “registered nurse”")
    assert labels["interaction_style"] == derived["interaction_style"]
    # A group the researcher set themselves wins over the one that would follow.
    chosen = Label("31 Healthcare Support", 1.0, "override")
    assert with_overrides("work_0001", derived, {"occupation": nurse, "occupation_group": chosen})[
        "occupation_group"] == chosen
    unknown = with_overrides("work_0001", derived, {"occupation": Label("unknown", 1.0, "override")})
    assert unknown["occupation_group"].value == "00 unknown"


def test_bad_rows_and_unknown_ids_are_reported_by_the_build(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("transcript_id,field,value,note\n"
                         "work_9001,occupation,registered nurse,asked again\n"
                         "work_9005,interaction_style,delegtive,\n"
                         "work_9999,occupation,teacher,\n")
    report = build_index([CORPUS], settings, embedder=HashEmbedder(), keyword_only=True)
    assert [m for m in report.messages if "overrides.csv" in m] == [
        f"skipped {overrides} line 3: interaction_style 'delegtive' is not allowed; use one of collaborative, "
        "delegative, mixed, unclear",
        f"ignored {overrides} line 4: no transcript 'work_9999' in this build; check the id against "
        "`archive participants`",
    ]
    p = Archive(settings).participants["work_9001"]
    assert (p.occupation.value, p.occupation.source) == ("registered nurse", "override")
    assert (p.occupation_group.value, p.occupation_group.source, p.occupation_group.note) == (
        HEALTH, "override", "follows the occupation override “registered nurse”")
    assert p.interaction_style.source == "derived"


def test_the_shipped_example_file_parses_cleanly() -> None:
    messages: list[str] = []
    example = Path(__file__).resolve().parents[2] / "overrides.example.csv"
    parsed = parse_overrides(example.read_text(encoding="utf-8"), example.name, messages)
    assert messages == []
    assert parsed["work_0035"]["occupation_group"].value == "25 Educational Instruction and Library"
    assert parsed["science_0012"]["interaction_style"].value == "collaborative"
