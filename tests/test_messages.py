"""The checks speak Korean (issue 16, item 3): one message table for the engine and the self-check, a catalogue
per week for its cases' names, hints, formulas and messages, and a language switch that never changes a verdict.

`checks.use_language("ko")` (a Korean notebook's setup cell) or DLF_LANGUAGE=ko selects Korean; "en" is the
default and prints exactly what the English tests assert on.
"""
from __future__ import annotations

import json
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, WEEKS, define, mutants, recorded_cases, solutions
from utils import checks
from utils.checks import CheckFailed, engine, messages, selfcheck

KO_WEEKS = messages.weeks("ko")
# on the worker of the week's other tests, which has recorded its cases already (conftest.recorded_cases)
KO_PARAMS = [pytest.param(week, marks=pytest.mark.xdist_group(week)) for week in KO_WEEKS]
WEEK1 = "week01_perceptron"


@pytest.fixture(autouse=True)
def english_afterwards():
    """Every test leaves the checks speaking English, as the other tests expect."""
    yield
    checks.use_language("en")


@pytest.fixture
def fresh_failures(monkeypatch):
    """A session in which no case has failed yet (the formula waits for a second failure)."""
    monkeypatch.setattr(engine, "_FAILURES", {})


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _failure(fn: str, source: str, week: str = WEEK1) -> str:
    with pytest.raises(CheckFailed) as info:
        getattr(checks, fn)(define(week, source, fn))
    return str(info.value)


def _recorded_texts(week: str) -> dict[str, str]:
    """Every name, hint and formula of the cases the week's checks run on the reference solution."""
    texts = {}
    for fn, cases in recorded_cases(week)[0].items():
        for case in cases:
            for kind in ("name", "hint", "formula"):
                if getattr(case, kind):
                    texts.setdefault(getattr(case, kind), f"{fn} / {kind}")
    return texts


# ------------------------------------------------------------------------------------------- the table
def test_every_message_has_english_and_korean():
    assert messages.LANGUAGES == ("en", "ko")
    for key, entry in messages.MESSAGES.items():
        assert set(entry) == {"en", "ko"}, key
        assert entry["en"].strip() and entry["ko"].strip(), key
        assert entry["en"] != entry["ko"] or key == "tuple_length", f"{key}: the Korean is the English"
        # Both show the same information (the Korean target line adds its verdict in words).
        assert _fields(entry["en"]) <= _fields(entry["ko"]), key
        assert _fields(entry["ko"]) - _fields(entry["en"]) <= {"verdict_words"}, key
    assert messages.MESSAGES["tuple_length"]["ko"] != "{count}"


def test_korean_phrases_use_the_course_terms():
    ko = {key: entry["ko"] for key, entry in messages.MESSAGES.items()}
    assert "기대한 값" in ko["expected_value"] and "받은 값" in ko["expected_value"]
    assert ko["hint"].startswith("힌트: ") and ko["formula"].startswith("공식: ")
    assert ko["status_passed"] == "통과" and ko["status_failed"] == "실패"
    assert "아직 구현하지 않음" in ko["not_implemented"]
    assert "자가 점검" in ko["total_label"]


def test_the_stub_is_recognised_in_both_languages():
    for language in messages.LANGUAGES:
        marker = messages.MESSAGES["not_implemented_marker"][language]
        assert marker in messages.MESSAGES["not_implemented"][language]
    assert selfcheck.NOT_IMPLEMENTED_MARKERS == ("not implemented yet", "아직 구현하지 않음")

    def step(z):
        raise NotImplementedError()
    for language in messages.LANGUAGES:
        checks.use_language(language)
        with pytest.raises(CheckFailed) as info:
            checks.step(step)
        assert selfcheck.not_implemented(str(info.value))
        assert selfcheck.status(checks.step, step)[0] == selfcheck.NOT_ATTEMPTED
        said = str(info.value)
        assert said.startswith("step: not implemented yet - " if language == "en" else "step: 아직 구현하지 않음 - ")


def test_language_switch_and_its_names():
    assert checks.current_language() == "en"
    checks.use_language("KO")
    assert checks.current_language() == "ko"
    checks.use_language("ko_KR.UTF-8")
    assert checks.current_language() == "ko"
    with pytest.raises(ValueError, match="unknown language"):
        checks.use_language("fr")
    assert checks.current_language() == "ko"
    checks.use_language("en")
    assert checks.current_language() == "en"


@pytest.mark.parametrize("value,expected", [("ko", "ko"), ("ko_KR.UTF-8", "ko"), ("en", "en"), ("", "en"),
                                            ("klingon", "en")])
def test_environment_variable_chooses_the_language_at_import(value, expected):
    env = dict(os.environ, DLF_LANGUAGE=value)
    code = "from utils import checks; print(checks.current_language())"
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == expected


# --------------------------------------------------------------------------------- engine in Korean
def test_a_failing_week1_check_speaks_korean(fresh_failures):
    source = mutants(WEEK1).MUTANTS["step"][0][1]            # strict inequality z > 0
    checks.use_language("ko")
    first = _failure("step", source)
    lines = first.splitlines()
    assert lines[0] == "step: 검사 1/5 실패 - z = [-2, -0.5, 0, 0.5, 3]", first
    assert lines[1].startswith("  호출 인수: (array(5,) float64"), first
    assert "결과 (인덱스 (2,)): 기대한 값 1, 받은 값 0" in first and "5개 중 1개 값이 다릅니다" in first
    assert "    기대한 값 array(5,) int64: [0 0 1 1 1]" in first and "    받은 값   array(5,) int64" in first
    assert "  힌트: step(0)은 1입니다" in first
    assert "공식:" not in first and messages.MESSAGES["formula_later"]["ko"] in first
    for english in ("expected", "got", "hint:", "formula", "called with", "failed", "still stuck"):
        assert english not in first, f"{english!r} left in English:\n{first}"
    second = _failure("step", source)
    assert "  공식: step(z) = 1 (z ≥ 0일 때), 0 (z < 0일 때)" in second, second
    assert messages.MESSAGES["formula_later"]["ko"] not in second


def test_korean_pass_line_and_engine_messages(capsys):
    checks.use_language("ko")
    checks.step(solutions(WEEK1)["step"])
    assert capsys.readouterr().out == "step: 검사 5/5개 통과\n"
    assert checks.compare(3.0, 2.0).startswith("결과: 기대한 값 2, 받은 값 3")
    assert checks.compare(None, 2.0) == "결과: 기대한 값 array() float64: 2., 받은 값 None (값을 return하는 것을 잊지 않았나요?)"
    with pytest.raises(CheckFailed, match="함수가 와야 하는데 int을\\(를\\) 받았습니다"):
        checks.step(42)
    with pytest.raises(CheckFailed, match="입력 `z`을\\(를\\) 제자리에서"):
        checks.step(define(WEEK1, "def step(z):\n    z[...] = 0\n    return z.astype(int)\n", "step"))


@pytest.mark.parametrize("fn,label", [(fn, label) for fn, items in mutants(WEEK1).MUTANTS.items()
                                      for label, _ in items])
def test_every_week1_failure_is_korean_and_fails_the_same_case(fn, label, fresh_failures):
    """The language never changes a verdict: each mutant fails the same case in both languages; and in Korean
    no line of the message is left in English (the check= callables' messages included)."""
    source = dict(mutants(WEEK1).MUTANTS[fn])[label]
    english = _failure(fn, source)
    checks.use_language("ko")
    korean = _failure(fn, source)
    number = english.split(" failed - ")[0].split("check ")[1]
    assert korean.startswith(f"{fn}: 검사 {number} 실패 - "), korean
    for line in korean.splitlines():
        body = line.strip()
        assert not body.startswith(("expected", "got", "hint:", "formula:", "likely cause:", "called with",
                                    "the function", "(still stuck")), f"left in English: {line!r}\n{korean}"
    head = korean.splitlines()[0].split(" 실패 - ", 1)[1]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in head) or head.startswith(("z = ", "[784")), head


@pytest.mark.parametrize("language", ["en", "ko"])
def test_reference_and_alternatives_pass_in_both_languages(language, capsys):
    checks.use_language(language)
    module = __import__(f"utils.checks.{WEEK1}", fromlist=["POINTS"])
    for fn in module.POINTS:
        getattr(checks, fn)(solutions(WEEK1)[fn])
        for _, source in mutants(WEEK1).ALTERNATIVES.get(fn, []):
            getattr(checks, fn)(define(WEEK1, source, fn))
    out = capsys.readouterr().out
    assert out.count("checks passed" if language == "en" else "개 통과") >= len(module.POINTS)


def test_english_is_restored_exactly(monkeypatch):
    source = dict(mutants(WEEK1).MUTANTS["perceptron_train"])["forgets the bias update"]
    monkeypatch.setattr(engine, "_FAILURES", {})
    before = _failure("perceptron_train", source)
    checks.use_language("ko")
    monkeypatch.setattr(engine, "_FAILURES", {})
    korean = _failure("perceptron_train", source)
    checks.use_language("en")
    monkeypatch.setattr(engine, "_FAILURES", {})
    after = _failure("perceptron_train", source)
    assert before == after and korean != after
    assert "likely cause: the bias must be updated too" in after
    assert "예상 원인: 편향도 수정할 때마다 함께 갱신해야 합니다" in korean


# ----------------------------------------------------------------------------------- self-check, target
def test_target_lines_stay_machine_readable_in_korean(capsys):
    checks.use_language("ko")
    assert checks.target("테스트 정확도", 0.831, 0.78) is True
    assert checks.target("lead", -0.02, 0.01) is False
    out = capsys.readouterr().out
    assert out == ("테스트 정확도: 0.831, target >= 0.78 (목표 달성) -> met\n"
                   "lead: -0.020, target >= 0.01 (목표 미달) -> NOT met\n")
    assert selfcheck.TARGET_LINE.findall(out) == out.splitlines()


def test_self_check_table_in_korean(capsys):
    namespace = dict(solutions(WEEK1))
    namespace["xor_network"] = define(WEEK1, mutants(WEEK1).MUTANTS["xor_network"][0][1], "xor_network")
    namespace.pop("count_parameters")
    checks.use_language("ko")
    checks.report(WEEK1, namespace)
    lines = capsys.readouterr().out.splitlines()
    width = len("perceptron_predict")
    assert lines[0] == "문제" + " " * (width - 4) + "  배점    상태"
    assert lines[3].endswith("✔ 통과") and "✘ 실패  (" in lines[5] and lines[6].endswith("· 시도하지 않음")
    assert lines[-1].startswith("자가 점검 합계") and "(함수 5개 중 3개 통과; 숨겨진 테스트와 서술형 답안은" in lines[-1]
    # the columns line up on screen (a Hangul syllable takes two columns)
    assert messages.width(lines[0][:lines[0].index("배점")]) == width + 2
    assert messages.width(lines[-1][:lines[-1].index("9/15")]) == width + 4
    # status() keeps its English tokens whatever the language (tools compare them)
    assert selfcheck.status(checks.step, None) == (selfcheck.NOT_ATTEMPTED, "정의되지 않음: 함수를 정의하는 셀을 실행하세요")


# ------------------------------------------------------------------------------------------ catalogues
def test_every_week_has_a_catalogue():
    assert set(KO_WEEKS) == set(WEEKS), f"weeks without utils/checks/messages/ko/<week>.json: " \
                                        f"{sorted(set(WEEKS) - set(KO_WEEKS))}; catalogues of no week: " \
                                        f"{sorted(set(KO_WEEKS) - set(WEEKS))}"


@pytest.mark.parametrize("week", KO_WEEKS)
def test_catalogue_file_is_well_formed(week):
    path = Path(messages.HERE) / "ko" / f"{week}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["week"] == week and data["language"] == "ko"
    assert set(data) <= {"week", "module", "language", "texts", "templates"}
    for english, korean in {**data.get("texts", {}), **data.get("templates", {})}.items():
        assert english.strip() and isinstance(korean, str) and korean.strip(), english
        assert english == english.strip() and "\n" not in english, f"one line, no outer spaces: {english!r}"
    for english, korean in data.get("templates", {}).items():
        assert _fields(english) and _fields(english) == _fields(korean), english


@pytest.mark.parametrize("week", KO_PARAMS)
def test_catalogue_is_complete_and_not_stale(week):
    """Every case name, hint and formula the week's checks run has a Korean entry; every entry still
    translates something the week's check module says."""
    data = json.loads((Path(messages.HERE) / "ko" / f"{week}.json").read_text(encoding="utf-8"))
    texts, templates = data.get("texts", {}), data.get("templates", {})
    recorded = _recorded_texts(week)
    missing = [f"{where}: {text!r}" for text, where in recorded.items() if text not in texts]
    assert not missing, f"{week}: no Korean for\n  " + "\n  ".join(missing)
    source = (ROOT / "utils" / "checks" / f"{week}.py").read_text(encoding="utf-8")
    source = re.sub(r'"\s*\n\s*f?"', "", source)        # adjacent string literals, joined as Python joins them
    stale = [text for text in texts if text not in recorded and text not in source]
    for template in templates:
        chunks = [literal for literal, *_ in string.Formatter().parse(template) if literal.strip()]
        stale += [template for chunk in chunks if chunk not in source][:1]
    assert not stale, f"{week}: entries that translate nothing the checks say:\n  " + "\n  ".join(stale)


@pytest.mark.parametrize("week", KO_PARAMS)
def test_korean_hints_follow_the_hint_rules(week):
    """The Korean hints, like the English ones, name the idea and print no code; formulas wait for the second
    failure (the regular expressions of tests/test_rules.py)."""
    from test_rules import CODE, FORMULA

    checks.use_language("ko")
    bad = []
    for fn, cases in recorded_cases(week)[0].items():
        for case in cases:
            hint, formula = messages.translate(case.hint, week), messages.translate(case.formula, week)
            for tier, text in (("hint", hint), ("formula", formula)):
                if text and CODE.search(text):
                    bad.append(f"{fn} / {case.name}: {tier} reads like code: {text}")
            if hint and FORMULA.search(hint):
                bad.append(f"{fn} / {case.name}: the Korean hint gives a formula: {hint}")
    assert not bad, "\n".join(bad)


def test_missing_entries_fall_back_to_english(tmp_path, monkeypatch):
    checks.use_language("ko")
    assert messages.translate("a text no catalogue has", WEEK1) == "a text no catalogue has"
    assert messages.translate("hidden units OR and NAND, output unit AND of the two hidden units", "no_such_week") \
        == "은닉 유닛은 OR와 NAND이고, 출력 유닛은 두 은닉 유닛의 AND입니다"
    (tmp_path / "ko").mkdir()
    (tmp_path / "ko" / "week99_broken.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(messages, "HERE", tmp_path)
    messages.catalogue.cache_clear()
    try:
        assert messages.translate("float32 input", "week99_broken") == "float32 input"
        result = engine.run_cases(lambda x: x * 2, [engine.Case("float32 input", args=(1.0,), expect=2.0)],
                                  name="double", quiet=True)
        assert result == 1
    finally:
        messages.catalogue.cache_clear()


def test_templates_translate_each_line_and_their_fields():
    checks.use_language("ko")
    message = ("expected errors to hold integers (counts of samples), got dtype float64"
               "\n  likely cause: the counts are whole numbers: return them as an integer array")
    assert messages.translate(message, WEEK1) == (
        "errors에는 정수(샘플 개수)가 들어 있어야 합니다. 받은 dtype: float64"
        "\n  예상 원인: 개수는 정수입니다. 정수 배열로 반환하세요")
    assert messages.translate("likely cause: something new", WEEK1) == "예상 원인: something new"
    checks.use_language("en")
    assert messages.translate(message, WEEK1) == message
    with pytest.raises(TypeError):
        messages.translate(3.0)
