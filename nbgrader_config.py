"""nbgrader configuration of the course (nbgrader 0.9.6). Paths are relative to the folder holding this file."""
import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

HERE = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "deep-learning-foundations"
c.CourseDirectory.root = HERE
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(HERE, "gradebook.db")
# Only notebooks travel with an assignment: utils is an installed package, data comes from packages.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# The exchange (nbgrader release/collect) lives inside the course, not in a system folder that
# may not be writable; on a shared JupyterHub (deploy/) DLF_EXCHANGE names the class's exchange.
c.Exchange.root = os.environ.get("DLF_EXCHANGE") or os.path.join(HERE, ".exchange")

# A week's notebook runs in well under a minute; a cell taking 3 minutes is a runaway loop.
# Autograde interrupts it and grading goes on with the next student.
c.ExecutePreprocessor.timeout = 180
c.Execute.timeout = 180
c.Execute.interrupt_on_timeout = True

# What a student sees in an answer cell after generate_assignment.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Release notebooks carry no outputs; submissions with runaway printing are cut short.
c.ClearOutput.enabled = True
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# Feedback keeps hidden tests hidden. nbgrader's own ClearHiddenTests removes their source but not the
# tracebacks of failing hidden asserts; grader.feedback.HideHiddenTests removes both (a failing hidden test
# shows "hidden test failed: <grade id>"), so plain `nbgrader generate_feedback` is safe as well.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "grader.feedback.HideHiddenTests",
    "grader.sanitize.SanitizeNotebook",
]

# A deleted test cell is put back (from the gradebook) and graded, not silently scored as missing.
c.OverwriteCells.add_missing_cells = True

# The verdict comes from a kernel no student code runs in: grader.execute.TrustedExecute runs the student's
# cells in a sandboxed kernel (as root with bubblewrap; otherwise not isolated, and it says so) and the test
# cells, restored from the gradebook, in a trusted kernel where each graded function is a proxy that brings
# back only data. `make grade` (grader/worker.py) uses the same steps.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "grader.execute.DropEmptyNbgraderMetadata",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "grader.execute.TrustedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
    # under each written answer, its model answer and rubric for the formgrader (feedback drops them)
    "grader.rubric.ShowRubrics",
    # what the formgrader shows an instructor: no student script, iframe or event handler stays live
    "grader.sanitize.SanitizeNotebook",
]
c.TrustedExecute.timeout = 180
c.TrustedExecute.interrupt_on_timeout = True
