"""Checks for the visible test cells, one per graded function: `checks.step(step)`.

Each week has its own module (`utils/checks/week01_perceptron.py`, ...); every public check of every
week is reachable from here by the graded function's name, so a test cell needs only
`from utils import checks`. A Korean notebook's setup cell calls `checks.use_language("ko")` (or set the
environment variable DLF_LANGUAGE=ko): every message of the checks is then Korean where a translation exists.
"""
from __future__ import annotations

import importlib
import pkgutil

from .engine import Case, CheckFailed, compare, run_cases  # noqa: F401 (the engine, for test cells and checks)
from .messages import current_language, use_language  # noqa: F401 (the language of the messages: "en", "ko")
from .selfcheck import report, target  # noqa: F401 (the self-check table, stated targets)

_WEEK_MODULES = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("week"))


def _find(name: str):
    for module_name in _WEEK_MODULES:
        module = importlib.import_module(f"{__name__}.{module_name}")
        if name in getattr(module, "__all__", ()):
            return getattr(module, name)
    raise AttributeError(f"utils.checks has no check named {name!r}")


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    value = _find(name)
    globals()[name] = value
    return value


def __dir__():
    names = set(globals())
    for module_name in _WEEK_MODULES:
        names.update(getattr(importlib.import_module(f"{__name__}.{module_name}"), "__all__", ()))
    return sorted(names)
