"""Properties of reading questions, over the vocabulary's names and the ways people write ages and amounts."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekb.engine.errors import InputError
from bonekb.engine.knowledge import shipped_root
from bonekb.engine.profile import normalise_profile
from bonekb.engine.questions import QuestionReader

VOCABULARY = yaml.safe_load((shipped_root() / "rules" / "vocabulary.yaml").read_text(encoding="utf-8"))
NAMES = [(str(name), nutrient) for nutrient, entry in VOCABULARY["nutrients"].items()
         for name in [nutrient, *entry["names"]]]
D3_NAMES = [name for name, nutrient in NAMES if nutrient == "d3"]
AGE_FORMS = ["{} year old", "{}-year-old", "{} years old", "{}yo", "{} y/o", "aged {}", "{}歲", "{}岁", "{} 歲"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def reader(kb):
    return QuestionReader(kb)


@SETTINGS
@given(name=st.sampled_from(NAMES), age=st.integers(min_value=1, max_value=120), form=st.sampled_from(AGE_FORMS),
       woman=st.booleans())
def test_any_name_and_any_age_form_read_back(reader, name, age, form, woman):
    who = form.format(age)
    text = (f"我{who}{'女性' if woman else '男性'}，{name[0]}要吃多少" if not who.isascii()
            else f"how much {name[0]} for a {who} {'woman' if woman else 'man'}?")
    question = reader.read(text)
    assert question.nutrients == (name[1],), text
    assert question.facts.get("age") == age and question.facts.get("sex") == ("female" if woman else "male"), text
    assert question.intent == "how_much"


@SETTINGS
@given(name=st.sampled_from(D3_NAMES), amount=st.integers(min_value=1, max_value=999999),
       glue=st.sampled_from(["", " "]), unit=st.sampled_from(["IU", "iu", "I.U.", "國際單位"]),
       before=st.booleans())
def test_an_amount_reads_back_as_itself(reader, name, amount, glue, unit, before):
    said = f"{name} {amount}{glue}{unit}" if before else f"{amount}{glue}{unit} of {name}"
    question = reader.read(f"I take {said}, is that too much?")
    profile = normalise_profile(question.facts, reader.kb.vocabulary)
    assert profile.facts()["taking_d3"] == amount, (said, question.facts)


@SETTINGS
@given(text=st.text(max_size=300))
def test_any_text_is_read_or_refused_in_one_line(reader, text):
    """Any text is read, or refused with one line about the QUESTION (a script no declared language is
    written in, an amount that may be each tablet's or all of them): never another error."""
    try:
        question = reader.read(text)
    except InputError as refused:
        message = str(refused)
        assert message.startswith("QUESTION: ") and "\n" not in message and len(message) < 400, message
        return
    assert question.understood == (bool(question.nutrients) and question.template is not None)
    assert set(question.facts) <= {"age", "sex", "menopause", "pregnant", "breastfeeding", "medications",
                                   "conditions", "taking"}


@pytest.mark.parametrize("said, taken", [
    ("I take MK-7 100 mcg a day", "MK-7 100 mcg"),          # '7 100' is not seven thousand one hundred
    ("I take vitamin d 2 IU", "vitamin d 2 IU"),            # 'd 2' is vitamin D and 2 IU, not vitamin D2
    ("I take vitamin D3 5,000 IU", "vitamin D3 5,000 IU"),
    ("I take 100mcg of mk-7", "mk-7 100 mcg"),
])
def test_a_name_with_a_digit_beside_an_amount_is_read_as_both(reader, said, taken):
    assert reader.read(said).facts.get("taking") == [taken]


@pytest.mark.parametrize("question", ["I take D3 50000 IU weekly, is that too much?",
                                      "我每週吃維生素D 50000國際單位會太多嗎"])
def test_a_weekly_amount_in_a_question_is_refused_not_read_as_a_days(run_cli, question):
    result = run_cli("ask", question)
    assert result.exit_code == 2 and "not an amount a day" in result.stderr
