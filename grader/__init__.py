"""The instructor's grading path: parallel, sandboxed nbgrader autograding of a week's submissions.

    python -m grader grade week03_softmax --submissions submitted/ [--jobs N] [--out DIR] [--timeout S]

Modules: cli (command line, orchestration), jobs (the records and settings), course (template gradebook,
questions), submissions (finding the files), preflight (broken files), scan (tamper and library-call flags),
pool (parallel workers with hard time limits), worker (nbgrader autograde + feedback in a private course),
execute (the two kernels: the student's in the sandbox, the test cells in a trusted one), trusted + agent +
wire (graded functions called across, data only), sandbox (bubblewrap and cgroups), feedback and sanitize
(no hidden tests, no live script in pages), report (CSV, summary, plot), gradebook (recording the grades in
the course for the formgrader).
"""
