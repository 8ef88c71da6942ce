"""Hand-written interviews with exact expected labels for indexer.labels.derive."""

from __future__ import annotations

from indexer.labels import derive
from indexer.models import RawTranscript, Transcript
from indexer.turns import split_turns

INTERVIEWER = ["Assistant", "AI", "Interviewer", "Q"]
PARTICIPANT = ["User", "Participant", "Respondent", "A"]


def make(tid: str, text: str) -> Transcript:
    transcript, _ = split_turns(RawTranscript(tid, text, "test.md"), INTERVIEWER, PARTICIPANT)
    return transcript


def verbatim(t: Transcript, label_start: int | None, label_end: int | None, evidence: str) -> bool:
    return label_start is not None and label_end is not None and t.text[label_start:label_end] == evidence


TEACHER = make("work_9001", (
    "Assistant: Hi! Shall we begin?\n\n"
    "User: Sounds good.\n\n"
    "AI: Could you tell me about your work and how AI fits into a typical day?\n\n"
    "User: I'm a high school teacher in Ohio. I use AI to draft lesson plans.\n\n"
    "AI: Are you more likely to go back and forth with it throughout a task, or do you tend to "
    "delegate complete tasks for it to handle independently?\n\n"
    "User: I usually go back and forth with it until the plan feels right.\n"
))


def test_teacher_occupation_group_and_evidence() -> None:
    labels = derive(TEACHER)
    occ, group = labels["occupation"], labels["occupation_group"]
    assert "teacher" in occ.value
    assert occ.source == "derived"
    assert group.value == "25 Educational Instruction and Library"
    assert verbatim(TEACHER, occ.start, occ.end, occ.evidence)
    assert "high school teacher" in occ.evidence.lower()
    assert occ.turn == 3 and TEACHER.turns[3].speaker == "participant"


def test_back_and_forth_is_collaborative() -> None:
    style = derive(TEACHER)["interaction_style"]
    assert style.value == "collaborative"
    assert verbatim(TEACHER, style.start, style.end, style.evidence)
    assert "back and forth" in style.evidence
    assert style.turn == 5


def test_second_option_resolved_against_question_order() -> None:
    t = make("work_9002", (
        "AI: Tell me about your role.\n\n"
        "User: I work as a customer service representative at a bank.\n\n"
        "AI: Do you tend to collaborate with AI throughout a task, or hand off complete tasks and "
        "work on the output independently?\n\n"
        "User: Definitely the second one.\n"
    ))
    labels = derive(t)
    assert labels["interaction_style"].value == "delegative"
    assert labels["interaction_style"].evidence == "Definitely the second one."
    assert labels["occupation"].value == "customer service representative"
    assert labels["occupation_group"].value == "43 Office and Administrative Support"


def test_first_option_when_delegation_asked_first() -> None:
    t = make("work_9003", (
        "AI: Do you usually give AI a complete task to handle independently, or do you collaborate "
        "with it back and forth?\n\n"
        "User: The first one, mostly.\n"
    ))
    assert derive(t)["interaction_style"].value == "delegative"


def test_no_information_is_unknown_and_unclear() -> None:
    t = make("work_9004", "AI: Hello! Ready?\n\nUser: Yes.\n\nAI: Thanks for your time.\n\nUser: Bye.\n")
    labels = derive(t)
    assert labels["occupation"].value == "unknown"
    assert labels["occupation"].source == "none"
    assert labels["occupation_group"].value == "00 unknown"
    assert labels["interaction_style"].value == "unclear"
    assert labels["interaction_style"].source == "none"


def test_software_and_scientist_groups() -> None:
    dev = make("work_9005", "AI: What do you do?\n\nUser: I'm a software engineer at a startup.\n")
    sci = make("science_9006", "AI: Your research?\n\nUser: I am a postdoctoral researcher in molecular biology.\n")
    assert derive(dev)["occupation_group"].value == "15 Computer and Mathematical"
    occ = derive(sci)["occupation"]
    assert occ.value == "postdoctoral researcher in molecular biology"
    assert derive(sci)["occupation_group"].value == "19 Life, Physical, and Social Science"


def test_negated_or_trait_phrases_are_not_occupations() -> None:
    from indexer.labels_occupation import occupation
    from indexer.models import RawTranscript
    from indexer.turns import split_turns

    text = ("AI: Tell me about your work?\n\nUser: I don't think I'm a hugely creative person. "
            "I'm not a designer either. I work as a nurse on a night ward.")
    t, _ = split_turns(RawTranscript("work_1", text, "x.md"), ["AI"], ["User"])
    label = occupation(t)
    assert label.value == "nurse"
    assert t.text[label.start : label.end] == label.evidence
