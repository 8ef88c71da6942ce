"""Hand-written interviews with exact expected labels for indexer.labels.derive."""

from __future__ import annotations

import pytest

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


def interview(tid: str, *answers: str) -> Transcript:
    """A tiny interview: a greeting, then one interviewer prompt before each participant answer."""
    parts = ["Assistant: Hi! Shall we begin?\n\nUser: Sure.\n\n"]
    for answer in answers:
        parts.append(f"AI: Tell me more about how that goes.\n\nUser: {answer}\n\n")
    return make(tid, "".join(parts))


EITHER_OR = ("AI: Are you more likely to go back and forth with it throughout a task, or do you tend to "
             "delegate complete tasks for it to handle independently?\n\n")


def rules_read(tid: str, answer: str) -> str:
    """The rules' style (model aside) for an interview whose one answer replies to the either/or question."""
    from indexer.labels_style import rule_style, style_tally

    return rule_style(style_tally(make(tid, f"Assistant: Hi! Shall we begin?\n\nUser: Sure.\n\n{EITHER_OR}User: {answer}\n")))


def test_delegation_story_is_delegative() -> None:
    t = interview("creativity_9101", "I ask it for a draft of the scene and then I rework it in my own voice.")
    assert derive(t)["interaction_style"].value == "delegative"


def test_denied_collaboration_is_delegative() -> None:
    t = interview("creativity_9102", "I don't think I would really describe it as a collaboration, more a search tool.")
    assert derive(t)["interaction_style"].value == "delegative"


def test_more_delegation_than_collaboration() -> None:
    t = interview("work_9103", "It's much more delegation than it is collaboration.")
    assert derive(t)["interaction_style"].value == "delegative"


def test_qualified_denial_picks_no_side() -> None:
    t = interview("work_9104", "I never delegate a task entirely. I take its draft and then I edit it myself.")
    assert derive(t)["interaction_style"].value == "delegative"


def test_bit_of_both_is_mixed() -> None:
    t = make("work_9105", (
        "Assistant: Hi! Shall we begin?\n\nUser: Sure.\n\n"
        "AI: Are you more likely to collaborate with it throughout a task, or do you tend to delegate "
        "complete tasks for it to handle independently?\n\nUser: It's a little bit of both.\n"
    ))
    assert derive(t)["interaction_style"].value == "mixed"


def test_specific_title_beats_generic_director() -> None:
    t = interview("work_9106", "As a community development director/city planner I review zoning plans.")
    assert derive(t)["occupation_group"].value == "19 Life, Physical, and Social Science"


def test_researcher_group_from_field_studied() -> None:
    t = interview("science_9107", "I'm a researcher. I study plant disease spread in crops.")
    assert derive(t)["occupation_group"].value == "19 Life, Physical, and Social Science"
    t = interview("science_9108", "I'm a researcher working on computer vision models for image segmentation.")
    assert derive(t)["occupation_group"].value == "15 Computer and Mathematical"


def test_skill_judgement_is_not_an_occupation() -> None:
    t = interview("work_9109", "I'm a pet-sitter. I am a good writer, though.")
    labels = derive(t)
    assert labels["occupation"].value == "pet-sitter"
    assert labels["occupation_group"].value == "39 Personal Care and Service"


def test_onet_title_fallback_groups_formal_title() -> None:
    t = interview("work_9110", "I'm a millwright at a paper plant.")
    assert derive(t)["occupation_group"].value[:2] == "49"


def test_onet_titles_not_taken_after_loose_as_the() -> None:
    t = interview("science_9111", "We got samples from the morgue as the pathologists performed autopsies.")
    assert derive(t)["occupation"].value != "pathologists"


def test_implied_occupation_keeps_cue_group() -> None:
    from indexer.labels_groups import group_code
    assert group_code("video creator") == "27"
    assert group_code("office worker") == "00"


def test_style_model_answer_evidence_is_verbatim() -> None:
    t = make("work_9112", (
        "AI: Are you more likely to go back and forth with it throughout a task, or do you tend to "
        "delegate complete tasks for it to handle independently?\n\n"
        "User: I usually hand it the whole task up front and then edit the result myself.\n"
    ))
    style = derive(t)["interaction_style"]
    assert style.value == "delegative"
    assert verbatim(t, style.start, style.end, style.evidence) and style.turn == 1


def test_either_or_question_with_other_delegative_wording_is_found() -> None:
    from indexer.labels_style import style_tally
    t = make("work_9113", (
        "AI: You mentioned drafting emails. Do you find yourself going back and forth with it to refine the "
        "output, or does it usually get you what you need in one go?\n\n"
        "User: Mostly one go. I take the draft and fix it up myself.\n"
    ))
    tally = style_tally(t)
    assert tally.kind == "either/or" and tally.answer is not None and tally.answer.number == 1


def test_creative_variant_question_supplies_the_answer() -> None:
    from indexer.labels_style import style_tally
    t = make("creativity_9114", (
        "AI: Tell me about a recent project.\n\n"
        "User: A picture book. I drafted the story and sketched every page.\n\n"
        "AI: When you're working with AI like that, how would you describe the collaboration? "
        "Who or what is driving the creative decisions?\n\n"
        "User: I bounce ideas back and forth with it, like a writing partner, but the choices stay mine.\n"
    ))
    tally = style_tally(t)
    assert tally.kind == "variant" and tally.answer is not None and tally.answer.number == 3
    style = derive(t)["interaction_style"]
    assert style.value == "collaborative" and style.turn == 3
    assert verbatim(t, style.start, style.end, style.evidence)


def test_skills_question_is_not_the_either_or_question() -> None:
    from indexer.labels_style import style_tally
    t = make("work_9115", (
        "AI: How do you think about maintaining your skills where AI could take over? Is this something you "
        "actively consider, or does it happen through your collaborative approach?\n\n"
        "User: I practise by hand on weekends.\n"
    ))
    assert style_tally(t).answer is None


def test_seller_stated_in_answers_beats_coding_cues() -> None:
    t = interview("work_9120", "I sell vintage sunglasses online. I also write code and debug my wordpress code.")
    labels = derive(t)
    assert labels["occupation"].value == "online seller"
    assert labels["occupation_group"].value[:2] == "13"  # O*NET Online Merchants, as the dev labels code resellers
    t = interview("work_9121", "I use AI for product text when selling handmade craft items online.")
    assert derive(t)["occupation_group"].value[:2] == "27"


def test_employment_type_gives_way_to_the_work() -> None:
    t = interview("work_9122", "I'm an independent contractor. I write SOAP notes after sessions in my private practice.")
    assert derive(t)["occupation_group"].value[:2] == "21"


def test_manager_of_an_artist_is_an_agent() -> None:
    t = interview("work_9123", "I am a manager for a social media content creator and I email brands.")
    assert derive(t)["occupation_group"].value[:2] == "13"


def test_past_training_is_not_the_current_job() -> None:
    t = interview("science_9124", "I study catalysts in chemistry. I am a trained teacher, which helps me ask questions.")
    assert derive(t)["occupation_group"].value[:2] == "19"


def test_repeated_method_does_not_outvote_subject_fields() -> None:
    from indexer.labels_groups import group_code
    context = "infectious diseases in agriculture, using image segmentation, image segmentation, machine learning"
    assert group_code("researcher", "science", context) == "19"


def test_a_parent_is_not_a_childcare_worker() -> None:
    t = interview("work_9130", "I use it to plan my week. There's definitely concern for my kids and their future.")
    assert derive(t)["occupation"].value != "childcare worker"
    t = interview("work_9131", "The children I work with are toddlers, so I plan activities for them every day.")
    assert derive(t)["occupation"].value == "childcare worker"


@pytest.mark.parametrize("answer", [
    "Less and less these days I go back and forth with it.",
    "No matter the task I go back and forth with it.",
    "I use it more than ever these days to iterate with it on everything.",
    "I don't really know how but I iterate with it a lot.",
])
def test_a_negation_reaches_only_its_own_words(answer: str) -> None:
    text = ("Assistant: Do you usually go back and forth with AI, or hand it a complete task and work on its "
            f"output independently?\n\nUser: {answer}\n\n")
    assert derive(make("work_9140", text))["interaction_style"].value == "collaborative"


def test_an_empty_answer_to_the_either_or_question_is_not_read() -> None:
    text = ("Assistant: Do you usually go back and forth with AI, or hand it a complete task and work on its "
            "output independently?\n\nUser: \n\nAI: Tell me more.\n\nUser: I go back and forth with it, "
            "iterating on every draft together.\n\n")
    t = make("work_9141", text)
    label = derive(t)["interaction_style"]
    assert label.value == "collaborative"
    assert label.evidence and verbatim(t, label.start, label.end, label.evidence)


def test_selling_without_a_shop_is_sales() -> None:
    t = interview("work_9142", "I work in tech sales. I sell enterprise software to hospitals.")
    assert derive(t)["occupation_group"].value[:2] == "41"
    t = interview("work_9143", "I sell vintage clothes on Etsy and eBay.")
    assert derive(t)["occupation"].value == "online seller"


def test_case_changing_letters_do_not_break_cue_offsets() -> None:
    # "İ".lower() is two code points: a separate lower-cased tokenisation drifted from the spans.
    t = interview("work_9144", "İstanbul İzmir İzmir İzmir. I grade my students' worksheets every day.")
    label = derive(t)["occupation"]
    assert label.value == "teacher" and verbatim(t, label.start, label.end, label.evidence)


def test_the_speaker_as_a_role_after_talk_of_ai() -> None:
    t = interview("work_9130", "AI is fine for admin work, whereas I, as an English teacher, would rather plan lessons.")
    occ = derive(t)["occupation"]
    assert (occ.value, derive(t)["occupation_group"].value[:2]) == ("english teacher", "25")


def test_a_contrast_is_cut_from_the_occupation() -> None:
    t = interview("science_9131", "I'm a masters student rather than a career scientist. I study soil microbes.")
    assert derive(t)["occupation"].value == "masters student"


def test_sole_proprietor_gives_way_to_the_work_and_directors_in_the_arts() -> None:
    t = interview("work_9132", "I'm a sole proprietor. I work as a book editor for authors.")
    assert derive(t)["occupation_group"].value[:2] == "27"
    t = interview("work_9133", "I'm a casting director for film and television.")
    assert derive(t)["occupation_group"].value[:2] == "27"
    t = interview("work_9134", "I keep track of vehicle inventory so I am better informed as a sales person.")
    assert derive(t)["occupation_group"].value[:2] == "41"


def test_a_scientist_is_delegative_unless_collaboration_clearly_leads() -> None:
    t = interview("science_9140", "I study soil microbes.", "I used AI to write a plotting script and checked the plots myself.")
    style = derive(t)["interaction_style"]
    assert style.value == "delegative" and verbatim(t, style.start, style.end, style.evidence)
    t = interview("science_9141", "I study soil microbes.", "I iterate with the AI, going back and forth on each analysis, "
                  "and we refine the approach together in a long conversation.")
    assert derive(t)["interaction_style"].value == "collaborative"
    t = interview("science_9142", "I study soil microbes.", "I asked it a few things.")
    style = derive(t)["interaction_style"]
    assert style.value == "delegative" and style.confidence == 0.4 and verbatim(t, style.start, style.end, style.evidence)
    # The label says that the cohort's base rate decided it, and why this sentence is shown.
    assert style.note == ("scientists were not asked the either/or question; delegative unless collaborative cues "
                          "clearly lead (27 of 33 hand-labelled scientists are delegative); no sentence here leans "
                          "either way, so the evidence shown is where they describe their AI use")
    assert derive(interview("science_9140", "I study soil microbes.", "I used AI to write a plotting script and "
                            "checked the plots myself."))["interaction_style"].note.endswith("are delegative)")


def test_a_creative_business_owner_is_coded_by_the_creative_work() -> None:
    t = interview("creativity_9150", "I'm the owner of a small studio. I compose songs and produce tracks for my album, "
                  "and I write lyrics and record demos every week.")
    assert derive(t)["occupation_group"].value[:2] == "27"
    t = interview("work_9151", "I'm a psychotherapist in private practice.")
    assert derive(t)["occupation_group"].value[:2] == "21"


@pytest.mark.parametrize("answer,expected", [
    ("There's only a back and forth if I'm unsatisfied with the first draft.", "delegative"),
    ("The first response is usually fine; occasionally we'll go back and forth.", "delegative"),
    ("It's often only a couple of conversation turns at most.", "delegative"),
    ("The only way I use it is to go back and forth on ideas.", "collaborative"),
    ("I go back and forth with it until the plan feels right.", "collaborative"),
])
def test_iteration_as_the_exception_tells_of_delegation(answer: str, expected: str) -> None:
    # The rules' reading of the answer (the shipped model may still overrule it on its words).
    assert rules_read("work_9160", answer) == expected


def test_taking_up_a_job_as_and_computing_fields_for_scientists() -> None:
    t = interview("science_9170", "I had the idea in grad school, but didn't look into it until I started as a professor.")
    assert derive(t)["occupation_group"].value[:2] == "25"
    t = interview("science_9171", "So I'm studying Software Development, and I use AI for my coding projects.")
    assert derive(t)["occupation_group"].value[:2] == "15"


def test_collaborating_with_people_is_not_a_style_cue() -> None:
    answer = "I collaborate a lot with my colleagues. With AI I ask for a draft, then I edit it myself."
    assert rules_read("work_9180", answer) == "delegative"


def test_work_domain_cues_for_writers_it_and_human_services() -> None:
    t = interview("work_9190", "I use it to gather research for stories I'm writing and to check my spelling.")
    assert derive(t)["occupation_group"].value[:2] == "27"
    t = interview("work_9191", "I write base scripts for our IT infrastructure and deployments in Azure.")
    assert derive(t)["occupation_group"].value[:2] == "15"
    t = interview("work_9192", "I live and work at a sober living facility and research conditions clients may have.")
    assert derive(t)["occupation_group"].value[:2] == "21"


def test_the_work_product_made_for_clients_beats_admin_cues() -> None:
    t = interview("work_9200", "I use it for menial tasks like creating invoices and bookkeeping.",
                  "I make technical illustrations for clients, mostly fashion related.")
    occ = derive(t)["occupation"]
    assert (occ.value, derive(t)["occupation_group"].value[:2]) == ("artist", "27")
    assert occ.evidence.startswith("I make technical illustrations for clients")


def test_running_a_business_told_as_a_task_and_tutoring() -> None:
    t = interview("work_9210", "I do a variety of tasks for the day to day management of a swim school with four sites.")
    occ = derive(t)["occupation"]
    assert (occ.value, derive(t)["occupation_group"].value[:2]) == ("swim school manager", "11")
    t = interview("work_9211", "I have two jobs. I do pet care and I also tutor high schoolers in science.")
    assert derive(t)["occupation"].value == "tutor"
    t = interview("work_9212", "I handle the management of the team's shared tools.")
    assert derive(t)["occupation"].value != "team's shared tools manager"


def test_domain_said_as_im_in_and_idioms_after_as_a() -> None:
    t = interview("work_9220", "I'm in transcription and use text to speech for a draft transcript.")
    assert derive(t)["occupation_group"].value[:2] == "43"
    t = interview("work_9221", "I'm in two minds about agentic customer service.")
    assert "two minds" not in derive(t)["occupation"].value
    t = interview("work_9222", "I post more listings, and as a result I'm seeing more sales.")
    assert "result" not in derive(t)["occupation"].value
    t = interview("work_9223", "I'm a third year medical student on clinical rotations.")
    assert derive(t)["occupation_group"].value[:2] == "29"


def test_fellows_title_must_open_the_phrase_and_clinical_coders() -> None:
    t = interview("work_9230", "My other coworkers are all baristas and rarely use AI.")
    assert "coworkers" not in derive(t)["occupation"].value
    t = interview("work_9231", "I'm a clinical coder for a large hospital.")
    assert derive(t)["occupation_group"].value[:2] == "29"


def test_owners_trailblazers_and_domain_words_after_as() -> None:
    t = interview("work_9240", "I use AI for my small business, a snow cone stand, for emails and flyers.")
    assert derive(t)["occupation_group"].value[:2] == "11"
    t = interview("work_9241", "I'm a trailblazer at work. I'm the owner of a restaurant.")
    assert derive(t)["occupation"].value != "trailblazer"
    t = interview("work_9242", "I asked it how a new service would fit in as the existing architecture grows.")
    assert "architecture" not in derive(t)["occupation"].value


def test_running_a_task_is_not_owning_a_business() -> None:
    t = interview("work_9250", "I essentially run the admin of the website and sell advertising to local firms.")
    assert "owner" not in derive(t)["occupation"].value
    t = interview("work_9251", "I run a small bakery in town.")
    assert derive(t)["occupation"].value == "small bakery owner"


def test_a_comparison_a_self_assessment_and_a_task_word_are_not_jobs() -> None:
    t = interview("work_9150", "I own a small farm and sell the produce at the market.",
                  "I let it do the sums, then check everything, as if I am a teacher correcting homework.")
    assert (derive(t)["occupation"].value, derive(t)["occupation_group"].value[:2]) == ("small farm owner", "11")
    t = interview("work_9151", "I help with the CRM we use for enrollment. While I'm an ok writer, emails are slow for me.")
    assert derive(t)["occupation"].value != "ok writer"
    t = interview("work_9152", "I own a food truck.", "As far as the admin work goes, it could take over some of it.")
    assert (derive(t)["occupation"].value, derive(t)["occupation_group"].value[:2]) == ("food truck owner", "11")


def test_the_speaker_after_for_me_and_a_management_rank() -> None:
    t = interview("work_9153", "One common use for me, as a resident astronomer at a local museum, is planning sky shows.")
    assert derive(t)["occupation_group"].value[:2] == "19"
    t = interview("work_9154", "I am also in a management position, so nobody decides how I complete my tasks.")
    occ = derive(t)["occupation"]
    assert (occ.value, derive(t)["occupation_group"].value[:2]) == ("manager", "11")
    assert verbatim(t, occ.start, occ.end, occ.evidence)


def test_work_told_through_its_documents_and_listings() -> None:
    t = interview("work_9155", "My work involves editing and transcribing medical documents; medical transcription "
                  "needs a lot of fact checking.")
    assert derive(t)["occupation_group"].value[:2] == "31"
    t = interview("work_9156", "I use it to write emails, Instagram captions and product listings for my website.")
    assert derive(t)["occupation"].value == "online seller"


def test_a_creatives_small_business_gives_way_to_the_creative_work() -> None:
    t = interview("creativity_9157", "I run a small business/ hobby doing fantasy map commissions for authors.",
                  "I paint the maps and illustrate each region by hand, and sell the artwork to authors.")
    assert derive(t)["occupation_group"].value[:2] == "27"


def test_a_title_without_an_article() -> None:
    t = interview("work_9158", "My director, who I am personal assistant to, wants us to try AI for reports.")
    assert (derive(t)["occupation"].value, derive(t)["occupation_group"].value[:2]) == ("personal assistant", "43")
    t = interview("work_9159", "I'm marketing my own shop these days and I'm trying AI for captions.")
    assert derive(t)["occupation"].value not in ("marketing", "trying")


def test_a_job_stated_as_a_domain() -> None:
    t = interview("work_9160", "I mostly test firmware, since my job is in the embedded space.")
    assert (derive(t)["occupation"].value, derive(t)["occupation_group"].value[:2]) == ("embedded professional", "15")
    t = interview("work_9161", "I work in social care.")
    assert derive(t)["occupation_group"].value[:2] == "31"


def test_advocacy_and_decision_roles_are_not_jobs_and_care_titles_have_groups() -> None:
    t = interview("work_9162", "I have been a staunch advocate and evangelist of AI at work.", "I run the IT helpdesk.")
    assert "advocate" not in derive(t)["occupation"].value
    t = interview("work_9163", "As I am the final decision maker, most clients are unaware.")
    assert derive(t)["occupation"].value != "final decision maker"
    t = interview("work_9164", "Although I teach in a high school and the students are 15-19 years old, it works.")
    assert (derive(t)["occupation"].value, derive(t)["occupation_group"].value[:2]) == ("high school teacher", "25")
    for answer, group in (("I am a daycare provider.", "39"), ("I work as a pizza maker.", "35"),
                          ("I am a petsitter.", "39"), ("I am a transcriber.", "43"), ("I am a privacy officer.", "13")):
        assert derive(interview("work_9165", answer))["occupation_group"].value[:2] == group, answer


@pytest.mark.parametrize("title,group", [
    ("software quality engineer", "15"), ("quality engineer", "17"), ("system administrator", "15"),
    ("help desk technician", "15"), ("ux designer", "15"), ("graphic designer", "27"),
    ("retail store manager", "41"), ("construction foreman", "47"), ("nail technician", "39"),
    ("academic advisor", "21"), ("private investigator", "33"), ("handyman", "49"),
])
def test_a_titles_modifier_decides_its_group(title: str, group: str) -> None:
    from indexer.labels_groups import group_code

    assert group_code(title, "work") == group


def test_a_field_named_as_whose_work_it_is() -> None:
    t = interview("work_9166", "I also use AI for marketing campaigns and SEO for my photography/web design business.")
    occ = derive(t)["occupation"]
    assert (occ.value, derive(t)["occupation_group"].value[:2]) == ("photography/web design professional", "27")
    assert verbatim(t, occ.start, occ.end, occ.evidence)
    t = interview("work_9167", "I use it for my admin tasks and emails.", "My students love the worksheets.")
    assert derive(t)["occupation"].value == "teacher"  # "my admin tasks" is a task anyone has
    t = interview("work_9168", "I'm working in local government customer communications.")
    assert derive(t)["occupation"].value == "local government customer communications professional"
    t = interview("work_9169", "The main role that I work in that utilizes AI is tutoring.")
    assert "that" not in derive(t)["occupation"].value


def test_lectures_and_foster_care_imply_their_work() -> None:
    t = interview("work_9170", "I use AI to prepare lecture materials and review my writing.")
    assert derive(t)["occupation_group"].value[:2] == "25"
    t = interview("work_9171", "So my job involves working directly with foster families and foster children.")
    assert derive(t)["occupation_group"].value[:2] == "21"


@pytest.mark.parametrize("answer,group", [
    ("I use it for my job as a teachers assistant in a statistics class.", "25"),
    ("I'm a social media coordinator, and I write for our magazine.", "27"),
])
def test_title_spellings_people_use(answer: str, group: str) -> None:
    assert derive(interview("work_9172", answer))["occupation_group"].value[:2] == group


def test_people_who_work_under_the_speaker_make_a_manager() -> None:
    # Supervising staff says more about the job than a task everyone does ("data analysis").
    t = interview("work_9230", "I use it for data analysis and data sets, and to plan a bonus model for my staff.")
    occ = derive(t)["occupation"]
    assert (occ.value, derive(t)["occupation_group"].value[:2]) == ("manager", "11")
    assert verbatim(t, occ.start, occ.end, occ.evidence)
    # "my reports" are usually documents, not people who report to the speaker.
    t = interview("work_9231", "I ask it for a critique of my reports.")
    assert derive(t)["occupation"].value != "manager"


def test_what_a_scientist_builds_names_the_field_only_without_a_subject() -> None:
    t = interview("science_9232", "My recent project uses machine learning to predict calories from meal logs.")
    assert derive(t)["occupation_group"].value[:2] == "15"
    t = interview("science_9233", "I designed sensors and the electronics that read them for a rover.")
    assert derive(t)["occupation_group"].value[:2] == "17"
    # A subject studied outweighs the technology used on it.
    t = interview("science_9234", "I study protein folding in biochemistry, using machine learning models.")
    assert derive(t)["occupation_group"].value[:2] == "19"


def test_a_job_inside_quotation_marks_is_someone_elses_words() -> None:
    t = interview("work_9235", 'I work retail, on the shop floor. Too much "I\'m a manager and I know best" hubris.')
    assert derive(t)["occupation"].value != "manager"
    t = interview("work_9236", 'I said "thanks" and moved on. I\'m a nurse.')
    assert derive(t)["occupation"].value == "nurse"


def test_as_well_as_the_and_such_as_the_are_no_roles() -> None:
    t = interview("work_9237", "I looked into prior research, as well as the legality behind pharmacists giving vaccines.")
    assert derive(t)["occupation"].value != "legality behind pharmacists"
    t = interview("work_9238", "I work in logistics. I get praise for tools such as the top performer dashboard.")
    assert derive(t)["occupation"].value == "logistics professional"


def test_style_evidence_leans_the_way_of_the_label() -> None:
    from indexer.labels_style import evidence_span

    spans = [(9.0, 0, 10, 3, "delegative"), (2.0, 20, 30, 5, "collaborative"), (1.0, 40, 50, 5, "")]
    assert evidence_span(spans, "collaborative")[1:3] == (20, 30)  # not the stronger contrary sentence
    assert evidence_span(spans, "delegative")[1:3] == (0, 10)
    assert evidence_span(spans, "mixed")[1:3] == (0, 10)  # none agrees: the strongest


def test_what_one_teaches_and_doing_the_teaching() -> None:
    t = interview("work_9239", "I teach IT at college, so I use it for schemes of work.")
    assert derive(t)["occupation"].value == "it teacher at college"
    t = interview("work_9240", "I am self-employed as a sales consultant. With clients I am the one doing the teaching.")
    assert derive(t)["occupation"].value == "sales consultant"


def test_how_long_one_teaches_is_not_what() -> None:
    t = interview("work_9241", "I teach 25 min - 50 min classes to young students online.")
    assert derive(t)["occupation"].value == "teacher"
    t = interview("work_9242", "I teach 7th grade social studies in Alabama.")
    assert derive(t)["occupation"].value == "7th grade social studies teacher"


def test_financial_modelling_implies_a_financial_analyst() -> None:
    t = interview("work_9160", "I do a lot of financial modeling and variance analysis for our revenue streams.")
    labels = derive(t)
    assert (labels["occupation"].value, labels["occupation_group"].value[:2]) == ("financial analyst", "13")


def test_a_role_stated_at_length_is_a_title() -> None:
    t = interview("work_9161", "So my day to day role is that of a Senior Finance Manager. I use AI for Excel formulas.")
    labels = derive(t)
    assert (labels["occupation"].value, labels["occupation_group"].value[:2]) == ("senior finance manager", "11")
    assert verbatim(t, labels["occupation"].start, labels["occupation"].end, labels["occupation"].evidence)


def test_hardware_a_scientist_builds_names_engineering() -> None:
    from indexer.labels_groups import group_code
    t = interview("science_9140", "My project needed a Faraday cage, an eye holder I 3D printed, and code to denoise images.")
    assert derive(t)["occupation_group"].value == "17 Architecture and Engineering"
    assert group_code("researcher", "science", "the electrical design in AutoCAD for a substation") == "17"
    # A technology built never outvotes a subject studied: a chemist with an Arduino is a chemist.
    assert group_code("researcher", "science", "organic chemistry, with an Arduino to log temperatures") == "19"
    assert group_code("researcher", "science", "vehicle routing for waste pickups") == "15"


def test_a_researcher_is_named_by_the_subject_they_name() -> None:
    t = interview("science_9141", "In my research I study stem cells in the retina.", "My lab runs experiments.")
    occ = derive(t)["occupation"]
    assert occ.value == "stem cell researcher"
    assert occ.evidence == "In my research I study stem cells in the retina."
    assert verbatim(t, occ.start, occ.end, occ.evidence)


def test_raffle_tickets_are_no_it_support() -> None:
    t = interview("work_9142", "I tally the tickets sold in our club's weekly draw.", "I also answer IT tickets at the service desk.")
    assert derive(t)["occupation"].value == "it support specialist"
    assert derive(t)["occupation"].evidence == "I also answer IT tickets at the service desk."


def test_sales_consultants_sell_and_graders_of_slopes_operate_equipment() -> None:
    t = interview("work_9143", "I work as a sales consultant at a car dealership.")
    assert derive(t)["occupation_group"].value == "41 Sales and Related"
    t = interview("work_9144", "I use AI to work out the degrees to cut when grading slopes with the excavator.")
    assert derive(t)["occupation"].value == "heavy equipment operator"
    assert derive(t)["occupation_group"].value == "47 Construction and Extraction"
    t = interview("work_9145", "I spend my evenings grading essays for my students.")
    assert derive(t)["occupation_group"].value[:2] == "25"
