"""The language of the checks: one table of the engine's and the self-check's phrases, and per-week catalogues.

    from utils import checks
    checks.use_language("ko")      # a Korean notebook's setup cell; "en" (the default) switches back

The environment variable DLF_LANGUAGE ("ko", "ko_KR.UTF-8", "en", ...) chooses the language at import.

- `MESSAGES = {key: {"en": template, "ko": template}}`: every fixed phrase `engine.py` and `selfcheck.py` print,
  as `str.format` templates with named fields (the caller formats numbers and reprs; the templates only place
  them). `say(key, **fields)` gives the phrase in the current language. The English templates are exactly the
  texts the checks printed before there was a second language (the tests assert on them).
- `messages/<language>/<week>.json`: the week-specific texts (each Case's name, hint and formula, and the
  messages its `check=` callables return), mapping the exact English text to its translation:

      {"week": "week01_perceptron", "language": "ko",
       "texts": {"<English text>": "<Korean text>", ...},
       "templates": {"expected w to be a float array, got dtype {dtype}": "... {dtype} ...", ...}}

  A template's `{name}` fields match any text in the English message and are put, translated where a text
  matches exactly, into the same fields of the translation. A multi-line message is translated whole, else
  line by line (keeping each line's indentation). Anything without an entry stays English: a missing or broken
  catalogue never raises.

Messages never influence a grade: the verdict of a check is the same in every language.
"""
from __future__ import annotations

import functools
import json
import os
import re
import warnings
from pathlib import Path

LANGUAGES = ("en", "ko")
DEFAULT = "en"
HERE = Path(__file__).resolve().parent

MESSAGES: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- engine.run_cases
    "passed": {
        "en": "{name}: {total}/{total} checks passed",
        "ko": "{name}: 검사 {total}/{total}개 통과",
    },
    "failed_head": {
        "en": "{name}: check {i}/{total} failed - {case}",
        "ko": "{name}: 검사 {i}/{total} 실패 - {case}",
    },
    "not_a_function": {
        "en": "{name}: expected a function, got {type} - run the cell that defines it",
        "ko": "{name}: 함수가 와야 하는데 {type}을(를) 받았습니다 - 함수를 정의하는 셀을 실행하세요",
    },
    # ---------------------------------------------------------------- gradients.py (every week's backward checks)
    "gradcheck_not_numeric": {
        "en": "gradient check: {label} is not a numeric array",
        "ko": "그레이디언트 검증: {label}이(가) 수치 배열이 아닙니다",
    },
    "gradcheck_shape": {
        "en": "gradient check: {label} has shape {shape}, expected {expected}",
        "ko": "그레이디언트 검증: {label}의 모양이 {shape}입니다. 기대한 모양은 {expected}입니다",
    },
    "gradcheck_error": {
        "en": "gradient check: relative error of {label} against the numerical gradient is {error} (must be < {tol})",
        "ko": "그레이디언트 검증: 수치 기울기에 대한 {label}의 상대 오차가 {error}입니다 ({tol}보다 작아야 합니다)",
    },
    "gradcheck_count": {
        "en": "gradient check: expected {count} gradients ({labels}), got {got}",
        "ko": "그레이디언트 검증: 기울기 {count}개({labels})가 와야 하는데 {got}개를 받았습니다",
    },
    "forward_undefined": {
        "en": "{backward}: {forward} is not defined - run the cell that defines it (its cache feeds {backward})",
        "ko": "{backward}: {forward}이(가) 정의되지 않았습니다 - 그 함수를 정의하는 셀을 실행하세요 "
              "(그 캐시가 {backward}에 쓰입니다)",
    },
    "forward_not_implemented": {
        "en": "{backward}: not implemented yet - {forward} raised NotImplementedError; implement it first "
              "(its cache feeds {backward})",
        "ko": "{backward}: 아직 구현하지 않음 - {forward}에서 NotImplementedError가 발생했습니다. 먼저 구현하세요 "
              "(그 캐시가 {backward}에 쓰입니다)",
    },
    "forward_raised": {
        "en": "{backward}: {forward} raised {error} - fix it first (its cache feeds {backward})",
        "ko": "{backward}: {forward}에서 {error} 예외가 발생했습니다 - 먼저 고치세요 (그 캐시가 {backward}에 쓰입니다)",
    },
    "forward_returns": {
        "en": "{backward}: {forward} must return {returns}; fix it first",
        "ko": "{backward}: {forward}은(는) {returns}를 반환해야 합니다. 먼저 고치세요",
    },
    "not_implemented": {
        "en": "{name}: not implemented yet - replace `raise NotImplementedError()` with your code and run the cell again",
        "ko": "{name}: 아직 구현하지 않음 - `raise NotImplementedError()`를 여러분의 코드로 바꾸고 셀을 다시 실행하세요",
    },
    # The words selfcheck.status and the tools look for in a stub's message (each language's is in its
    # "not_implemented" text; tests/test_messages.py checks it).
    "not_implemented_marker": {
        "en": "not implemented yet",
        "ko": "아직 구현하지 않음",
    },
    "called_with": {
        "en": "called with ({args})",
        "ko": "호출 인수: ({args})",
    },
    "numeric_warning": {
        "en": "numeric warning: {warning} (the function must stay stable for these inputs)",
        "ko": "수치 경고: {warning} (이 입력에서도 함수가 수치적으로 안정해야 합니다)",
    },
    "raised": {
        "en": "raised {type}: {error}",
        "ko": "{type} 예외가 발생했습니다: {error}",
    },
    "unchecked": {
        "en": "the result could not be checked ({type}: {error}); got {got}",
        "ko": "결과를 검사할 수 없습니다 ({type}: {error}); 받은 값: {got}",
    },
    "hint": {
        "en": "hint: {hint}",
        "ko": "힌트: {hint}",
    },
    "formula": {
        "en": "formula: {formula}",
        "ko": "공식: {formula}",
    },
    "formula_later": {
        "en": "(still stuck after another try? this check then shows the formula)",
        "ko": "(다시 시도해도 막힌다면? 그때는 이 검사가 공식을 보여 줍니다)",
    },
    "input_changed": {
        "en": "the function changed its input {which} in place; graded functions leave the caller's arrays, "
              "lists and dicts as they were (work on a copy or build a new array)",
        "ko": "함수가 입력 {which}을(를) 제자리에서(in place) 바꿨습니다. 채점 대상 함수는 호출한 쪽의 배열, "
              "리스트, 딕셔너리를 그대로 두어야 합니다(복사본으로 작업하거나 새 배열을 만드세요)",
    },
    # ---------------------------------------------------------------- engine.compare and _check_result
    "result_label": {
        "en": "result",
        "ko": "결과",
    },
    "expected_value": {
        "en": "expected {label} = {expected}, got {got}",
        "ko": "{label}: 기대한 값 {expected}, 받은 값 {got}",
    },
    "expected_dict": {
        "en": "expected {label} to be a dict, got {type}",
        "ko": "{label}은(는) dict여야 합니다. 받은 값: {type}",
    },
    "expected_keys": {
        "en": "expected {label} to have keys {keys}, missing {missing}",
        "ko": "{label}에는 키 {keys}가 있어야 합니다. 빠진 키: {missing}",
    },
    "got_none": {
        "en": "expected {label} {expected}, got None (did you forget to return it?)",
        "ko": "{label}: 기대한 값 {expected}, 받은 값 None (값을 return하는 것을 잊지 않았나요?)",
    },
    "expected_array_like": {
        "en": "expected {label} to be array-like, got {type}",
        "ko": "{label}은(는) 배열로 바꿀 수 있는 값(array-like)이어야 합니다. 받은 값: {type}",
    },
    "expected_numeric_array": {
        "en": "expected {label} to be a numeric array, got {type} of objects: {got}",
        "ko": "{label}은(는) 수치 배열이어야 합니다. 받은 값: 객체로 이루어진 {type}: {got}",
    },
    "expected_shape": {
        "en": "expected {label}.shape {expected}, got {got}",
        "ko": "{label}의 shape: 기대한 값 {expected}, 받은 값 {got}",
    },
    "expected_dtype": {
        "en": "expected {label}.dtype {expected}, got {got}",
        "ko": "{label}의 dtype: 기대한 값 {expected}, 받은 값 {got}",
    },
    "expected_numbers": {
        "en": "expected {label} to hold numbers, got dtype {dtype}",
        "ko": "{label}에는 수가 들어 있어야 합니다. 받은 dtype: {dtype}",
    },
    "not_finite": {
        "en": "{label} has {count} NaN/inf value(s) where finite numbers were expected, first at index {where}: "
              "got {got}, expected {expected}",
        "ko": "{label}에 유한한 수가 나와야 할 자리에 NaN/inf 값이 {count}개 있습니다. 첫 위치는 인덱스 {where}: "
              "받은 값 {got}, 기대한 값 {expected}",
    },
    "at_index": {
        "en": " at index {where}",
        "ko": " (인덱스 {where})",
    },
    "values_differ": {
        "en": "expected {label}{at} = {expected}, got {got} ({count} of {size} value(s) differ, largest difference "
              "{worst}; rtol={rtol}, atol={atol})\n    expected {expected_all}\n    got      {got_all}",
        "ko": "{label}{at}: 기대한 값 {expected}, 받은 값 {got} ({size}개 중 {count}개 값이 다릅니다, 가장 큰 차이 "
              "{worst}; rtol={rtol}, atol={atol})\n    기대한 값 {expected_all}\n    받은 값   {got_all}",
    },
    "expected_tuple": {
        "en": "expected a tuple ({wanted}) of {count} values, got {got_count}: {got}",
        "ko": "값 {count}개의 튜플 ({wanted})이 와야 합니다. 받은 값: {got_count}: {got}",
    },
    "tuple_length": {
        "en": "{count}",
        "ko": "값 {count}개",
    },
    "not_a_tuple": {
        "en": "not a tuple",
        "ko": "튜플이 아님",
    },
    # ---------------------------------------------------------------- selfcheck.report / status / target
    "not_defined": {
        "en": "not defined: run the cell that defines it",
        "ko": "정의되지 않음: 함수를 정의하는 셀을 실행하세요",
    },
    "still_stub": {
        "en": "still the stub",
        "ko": "아직 처음 주어진 빈 함수 그대로입니다",
    },
    "col_question": {
        "en": "question",
        "ko": "문제",
    },
    "col_points": {
        "en": "points",
        "ko": "배점",
    },
    "col_status": {
        "en": "status",
        "ko": "상태",
    },
    "status_passed": {
        "en": "passed",
        "ko": "통과",
    },
    "status_failed": {
        "en": "failed",
        "ko": "실패",
    },
    "status_not_attempted": {
        "en": "not attempted",
        "ko": "시도하지 않음",
    },
    "total_label": {
        "en": "visible checks",
        "ko": "자가 점검 합계",
    },
    "total_note": {
        "en": "({passed} of {functions} functions pass; hidden tests and written answers are graded by your "
              "instructor)",
        "ko": "(함수 {functions}개 중 {passed}개 통과; 숨겨진 테스트와 서술형 답안은 강사가 채점합니다)",
    },
    # Tools read this line with selfcheck.TARGET_LINE: ", target >= " and the final "-> met" / "-> NOT met"
    # stay in every language.
    "target": {
        "en": "{label}: {value}, target >= {at_least} -> {verdict}",
        "ko": "{label}: {value}, target >= {at_least} ({verdict_words}) -> {verdict}",
    },
    "target_met": {
        "en": "met",
        "ko": "목표 달성",
    },
    "target_not_met": {
        "en": "NOT met",
        "ko": "목표 미달",
    },
}

_LANGUAGE = DEFAULT


def _normalise(language: str) -> str:
    """"ko", "KO", "ko_KR.UTF-8", "ko-KR" -> "ko"."""
    return re.split(r"[-_.@]", str(language).strip().lower(), maxsplit=1)[0]


def use_language(language: str) -> None:
    """Print the checks' messages in `language` from now on: "en" (the default) or "ko"."""
    global _LANGUAGE
    code = _normalise(language)
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: choose one of {', '.join(LANGUAGES)}")
    _LANGUAGE = code


def current_language() -> str:
    return _LANGUAGE


def split_assignment(name: str) -> tuple[str, str]:
    """The English week and the language of an assignment: ("week03_softmax", "ko") for "week03_softmax_ko",
    the Korean edition of week 3 (the same checks, grade ids and points), and ("week03_softmax", "en") for itself."""
    for language in LANGUAGES:
        if language != DEFAULT and name.endswith(f"_{language}"):
            return name[: -len(language) - 1], language
    return name, DEFAULT


def _from_environment() -> None:
    value = os.environ.get("DLF_LANGUAGE", "").strip()
    if not value:
        return
    try:
        use_language(value)
    except ValueError:
        warnings.warn(f"DLF_LANGUAGE={value!r} is not one of {', '.join(LANGUAGES)}; the checks speak English",
                      stacklevel=2)


_from_environment()


def say(key: str, **fields) -> str:
    """The phrase `key` of MESSAGES in the current language, its fields filled in."""
    entry = MESSAGES[key]
    return entry.get(_LANGUAGE, entry[DEFAULT]).format(**fields)


def variants(key: str) -> tuple[str, ...]:
    """The phrase `key` in every language (for code that recognises a message whatever its language)."""
    return tuple(dict.fromkeys(MESSAGES[key][lang] for lang in LANGUAGES))


# ------------------------------------------------------------------------------------ per-week catalogues
@functools.lru_cache(maxsize=None)
def catalogue(language: str, week: str) -> tuple[dict, tuple]:
    """(texts, templates) of messages/<language>/<week>.json: empty when the file is missing or broken.
    templates are (regex of the English template, translated template) pairs."""
    path = HERE / language / f"{week}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        texts = {str(k): str(v) for k, v in data.get("texts", {}).items() if v}
        templates = tuple((_template_regex(k), str(v)) for k, v in data.get("templates", {}).items() if v)
    except Exception:  # noqa: BLE001 - a missing or broken catalogue means English, never an error
        return {}, ()
    return texts, templates


def weeks(language: str) -> list[str]:
    """The weeks that have a catalogue in `language`."""
    return sorted(p.stem for p in (HERE / language).glob("*.json"))


_FIELD = re.compile(r"\{(\w+)\}")


def _template_regex(template: str) -> re.Pattern:
    """A regex matching the messages an English template (with `{name}` fields) produces."""
    parts, seen, pos = [], set(), 0
    for match in _FIELD.finditer(template):
        parts.append(re.escape(template[pos:match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")  # within one line
        seen.add(name)
        pos = match.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts) + r"\Z")


def _lookup(text: str, tables: list) -> str | None:
    for texts, _ in tables:
        if text in texts:
            return texts[text]
    for _, templates in tables:
        for regex, translated in templates:
            match = regex.match(text)
            if match:
                fields = {k: next((t[v] for t, _ in tables if v in t), v) for k, v in match.groupdict().items()}
                try:
                    return translated.format(**fields)
                except (KeyError, IndexError, ValueError):
                    return None
    return None


def translate(text: str, week: str | None = None) -> str:
    """`text` (a week-specific English text or message) in the current language; itself when it has no entry.

    The week's own catalogue is searched first, then those of the other weeks."""
    if not isinstance(text, str):
        raise TypeError(f"translate() takes a text, not {type(text).__name__}")
    if _LANGUAGE == DEFAULT or not text:
        return text
    try:
        names = weeks(_LANGUAGE)
        if week in names:
            names.remove(week)
            names.insert(0, week)
        tables = [catalogue(_LANGUAGE, name) for name in names]
        if not any(t or p for t, p in tables):
            return text
        whole = _lookup(text, tables)
        if whole is not None:
            return whole
        if "\n" not in text:
            return text
        lines = []
        for line in text.split("\n"):
            body = line.lstrip(" ")
            found = _lookup(body, tables) if body else None
            lines.append(line[: len(line) - len(body)] + found if found is not None else line)
        return "\n".join(lines)
    except Exception:  # noqa: BLE001 - a translation problem never hides the English message
        return text


def width(text: str) -> int:
    """Columns `text` takes in a monospaced font (Hangul and other wide characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def ljust(text: str, columns: int) -> str:
    """`text` padded with spaces to `columns` display columns (like f"{text:<{columns}}" for ASCII)."""
    return text + " " * max(0, columns - width(text))


def rjust(text: str, columns: int) -> str:
    return " " * max(0, columns - width(text)) + text
