"""What the course needs installed, checked in one line (the bootstrap cell prints it in Colab).

`check_versions()` returns e.g. "numpy 2.4.6, matplotlib 3.11.2, scikit-learn 1.9.1, keras 3.15.1 - all
recent enough" and raises `RuntimeError` naming each package that is missing or older than the course
needs, so a learner sees the cause at the top of the notebook instead of a puzzling error in week 3.
TensorFlow and Keras are checked only where installed: the weeks that use them import them in their setup cell.
"""
from __future__ import annotations

import re
from importlib import metadata

REQUIRED = {"numpy": "1.26", "matplotlib": "3.7", "scikit-learn": "1.3"}
IF_INSTALLED = {"tensorflow": "2.16", "tensorflow-cpu": "2.16", "keras": "3.0"}


def _parse(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def check_versions(version=metadata.version) -> str:
    """One line naming the versions found; RuntimeError if one is missing or too old (see the module doc)."""
    found, problems = [], []
    for name, minimum in {**REQUIRED, **IF_INSTALLED}.items():
        try:
            have = version(name)
        except metadata.PackageNotFoundError:
            if name in REQUIRED:
                problems.append(f"{name} is not installed (the course needs >= {minimum})")
            continue
        found.append(f"{name} {have}")
        if _parse(have) < _parse(minimum):
            problems.append(f"{name} {have} is too old (the course needs >= {minimum}): pip install -U {name}")
    if problems:
        raise RuntimeError("; ".join(problems))
    return ", ".join(found) + " - all recent enough"
