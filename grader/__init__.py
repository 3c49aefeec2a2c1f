"""The instructor's grading path: parallel, sandboxed nbgrader autograding of a week's submissions.

    python -m grader grade week03_softmax --submissions submitted/ [--jobs N] [--out DIR] [--timeout S]

Modules: cli (command line, orchestration), course (template gradebook, questions), submissions
(finding the files), preflight (broken files), scan (AST tamper scan), pool (parallel workers with
hard time limits), worker (nbgrader autograde + feedback in a private course), execute + sandbox
(the kernel as an unprivileged uid in private mount and network namespaces), feedback (no hidden tests in the
HTML), report (CSV, summary, plot), gradebook (recording the grades in the course for the formgrader).
"""
