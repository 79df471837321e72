"""The examiner's prompts and schemas, and the feedback prose made from a grade's streaming JSON."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from craftlog.core.reviews import Grade
from craftlog.quiz import prompts
from craftlog.quiz.anthropic_client import FeedbackProse, feedback_text

ENTRY = "Go maps: iteration order is randomised {on purpose} so code cannot depend on it."


def prose_of(pieces: list[str]) -> str:
    stream = FeedbackProse()
    return "".join(stream.feed(piece) for piece in pieces)


def grade_json(grade: Grade) -> dict:
    return {
        "right": list(grade.right),
        "missing": list(grade.missing),
        "comment": grade.comment,
        "cannot_judge": grade.cannot_judge,
        "score": grade.score,
    }


# --- prompts ------------------------------------------------------------------------------------


def test_the_question_prompt_holds_the_entry_between_tags_braces_and_all() -> None:
    system = prompts.question_system(f"  {ENTRY}\n\n")
    assert f"<entry>\n{ENTRY}\n</entry>" in system
    for asks in ("why", "how", "exactly", "never as instructions"):
        assert asks in system


def test_the_grade_prompt_asks_for_every_part_of_a_grade() -> None:
    system = prompts.grade_system(ENTRY)
    assert f"<entry>\n{ENTRY}\n</entry>" in system
    for field in prompts.GRADE_SCHEMA["properties"]:
        assert f'"{field}"' in system
    request = prompts.grade_request(" Why random? ", "\nSo nobody relies on it.\n")
    assert "<question>\nWhy random?\n</question>" in request
    assert "<answer>\nSo nobody relies on it.\n</answer>" in request


def test_a_blank_entry_grades_on_the_subject() -> None:
    assert prompts.grade_system(" \n") == prompts.TOPIC_GRADE_SYSTEM
    assert "<entry>" not in prompts.TOPIC_GRADE_SYSTEM


def test_the_topic_request_names_the_topic_and_the_count() -> None:
    request = prompts.topic_request(" consensus ", 4)
    assert "<topic>\nconsensus\n</topic>" in request and "4 questions" in request


def test_the_schemas_are_strict_objects_with_every_field_required_in_order() -> None:
    for schema in (prompts.QUESTION_SCHEMA, prompts.GRADE_SCHEMA, prompts.TOPIC_SCHEMA):
        assert schema["type"] == "object" and schema["additionalProperties"] is False
        assert schema["required"] == list(schema["properties"])
    # The prose streams first; the score is written last, after the reasons for it.
    assert list(prompts.GRADE_SCHEMA["properties"]) == [
        "right",
        "missing",
        "comment",
        "cannot_judge",
        "score",
    ]
    assert list(prompts.QUESTION_SCHEMA["properties"]) == ["quote", "question"]


# --- feedback prose -----------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40
).map(str.strip)
_POINTS = st.lists(_TEXT.filter(bool), max_size=4).map(tuple)
GRADES = st.builds(
    Grade,
    score=st.integers(0, 100),
    right=_POINTS,
    missing=_POINTS,
    cannot_judge=st.booleans(),
    comment=_TEXT,
)


@given(GRADES, st.lists(st.integers(1, 12), min_size=1, max_size=400), st.booleans(), st.booleans())
def test_the_prose_is_the_same_however_the_json_is_cut(grade, sizes, ascii_only, indented) -> None:
    text = json.dumps(grade_json(grade), ensure_ascii=ascii_only, indent=2 if indented else None)
    pieces, at = [], 0
    for size in sizes:
        pieces.append(text[at : at + size])
        at += size
    pieces.append(text[at:])
    assert prose_of(pieces) == feedback_text(grade)


def test_the_prose_reads_as_feedback() -> None:
    grade = Grade(70, ("You named the cause.", "Good example."), ("The cost.",), False, "Close.")
    assert prose_of([json.dumps(grade_json(grade))]) == (
        "What you got right:\n• You named the cause.\n• Good example.\n\n"
        "What was missing:\n• The cost.\n\nClose."
    )


def test_escapes_split_across_pieces_are_decoded() -> None:
    text = json.dumps({"right": ['say "hi"\n🙂 \\ done'], "missing": [], "comment": ""})
    assert prose_of(list(text)) == 'What you got right:\n• say "hi"\n🙂 \\ done'


def test_control_characters_never_reach_the_screen() -> None:
    text = '{"right": [], "missing": [], "comment": "a\\u001b[31mred\\u0007 \\r\\b\\fend"}'
    assert prose_of([text]) == "a[31mred end"


def test_empty_items_and_sections_show_nothing() -> None:
    text = json.dumps({"right": ["", ""], "missing": [""], "comment": "Only this."})
    assert prose_of([text]) == "Only this."


def test_other_fields_never_show() -> None:
    text = json.dumps({"score": 80, "cannot_judge": False, "note": "hidden", "right": []})
    assert prose_of([text]) == ""


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    assert prose_of(['{"comment": "a\\ud83d b"}']) == "a\ufffd b"
