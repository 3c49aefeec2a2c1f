# Deep Learning Foundations: every command creates or reuses the local virtual environment .venv.
#   make lab       open the course in JupyterLab
#   make test      run the whole test suite (what CI runs)
#   make release   regenerate release/ from source/ with nbgrader (instructors)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WEEK   ?=
PORT   ?= 8888
# Test workers: one more than the cores (weeks are spread over them, each week whole on one worker), since a
# worker spends about a third of its time waiting for the kernels, servers and nbgrader runs it started.
JOBS   ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
# nbgrader calls the `alembic` script of its own environment, so the venv goes first on PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)
export MPLBACKEND ?= Agg
export TF_CPP_MIN_LOG_LEVEL ?= 2

# JupyterLab refuses to run as root unless told; on a headless machine there is no browser to open.
LAB_FLAGS := --ServerApp.root_dir=$(CURDIR) --port=$(PORT)
ifeq ($(shell id -u),0)
LAB_FLAGS += --allow-root
endif
ifeq ($(DISPLAY)$(WAYLAND_DISPLAY)$(shell uname -s | grep -c Darwin | sed 's/0//'),)
LAB_FLAGS += --no-browser --ip=127.0.0.1
endif

.PHONY: venv lab test test-week release student-edition clean-outputs grade export bench clean

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@# jupyter-events asks for jsonschema[format-nongpl], whose rfc3987-syntax compiles ~40 Earley grammars on
	@# import (7 s of CPU here) in every process that imports nbformat: each nbgrader command, Jupyter server and
	@# grading worker. Without it jsonschema skips only the "iri" formats, which no Jupyter schema uses.
	$(BIN)/python -m pip uninstall --quiet --quiet --yes rfc3987-syntax
	@# a Korean font for the Korean edition's figures, where this machine lets us install one (root, Debian)
	@[ -e /usr/share/fonts/truetype/nanum/NanumGothic.ttf ] || [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null \
		|| apt-get install -y -qq fonts-nanum >/dev/null 2>&1 || echo "fonts-nanum not installed: Korean labels may show boxes"
	touch $(STAMP)

lab: venv
	MPLBACKEND=module://matplotlib_inline.backend_inline $(BIN)/jupyter lab $(LAB_FLAGS)

test: venv
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup --durations=15

test-week: venv
	@test -n "$(WEEK)" || (echo "usage: make test-week WEEK=week03_softmax" && exit 2)
	$(BIN)/python -m pytest -k "$(firstword $(subst _, ,$(WEEK)))"

release: venv
	$(BIN)/python tools/release.py

# The public repository students get (release notebooks, the student part of utils): see tools/edition.py.
student-edition: venv
	@test -n "$(DEST)" || (echo "usage: make student-edition DEST=../course-student" && exit 2)
	$(BIN)/python tools/release.py
	$(BIN)/python tools/edition.py $(DEST)

# Grade a class: submitted/<student>/<WEEK>/ (nbgrader's layout), a folder of <student>.ipynb, or a zip.
grade: venv
	@test -n "$(WEEK)" || (echo "usage: make grade WEEK=week03_softmax [SUBMISSIONS=submitted]" && exit 2)
	$(BIN)/python -m grader grade $(WEEK) --submissions $(or $(SUBMISSIONS),submitted) --jobs $(JOBS) --record-in .

# Grades out: every assignment's scores (autograded + written answers) from gradebook.db as a CSV for an LMS.
export: venv
	$(BIN)/nbgrader export --to $(or $(TO),grades.csv)

# Timings: each week's execution, autograde overhead, a class of 24 serial vs parallel, naive vs vectorised (benchmarks/RESULTS.md).
bench: venv
	$(BIN)/python benchmarks/run.py

clean-outputs: venv
	$(BIN)/jupyter nbconvert --clear-output --inplace source/*/*.ipynb

clean:
	rm -rf gradebook.db autograded feedback submitted .exchange .pytest_cache
