"""The trusted verdict's parts: what crosses between the kernels (grader.wire), and the proxies of the
trusted kernel calling a student's kernel (grader.trusted + grader.agent), with two real kernels.
"""
from __future__ import annotations

import json

import numpy as np
import pytest
from jupyter_client.manager import start_new_kernel

from grader import wire
from grader.execute import free_names, kernel_env, split_parts


@pytest.mark.parametrize("value", [
    None, True, 3, -2**70, 1.5, float("inf"), 2 + 3j, "é", b"\x00\xff", [1, [2.0]], (1, (2,)), {"a": 1, 2: (3,)},
    {1, 2}, range(2, 9, 3), np.float32(1.25), np.int64(7), np.bool_(True),
    np.arange(6, dtype=np.float32).reshape(2, 3), np.zeros((0, 4)), np.array(2.5), np.arange(6.0).reshape(2, 3).T, np.array([np.nan, 1.0]), np.array([True, False]),
])
def test_data_crosses_unchanged(value):
    back = wire.loads(wire.dumps(value))
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape and np.array_equal(back, value, equal_nan=True)
    elif isinstance(value, np.generic):
        assert back.dtype == value.dtype and back == value
    else:
        assert back == value


@pytest.mark.parametrize("text, phrase", [
    ('{"t": "nd", "d": "|O", "s": [1], "b": "AA=="}', "not allowed"),
    ('{"t": "nd", "d": "<f8", "s": [3], "b": "AAAAAAAAAAA="}', "does not match"),
    ('{"t": "pickle", "v": "..."}', "unknown data tag"),
    ('{"no": "tag"}', "malformed"),
    ('[' * 100 + ']' * 100, "nested too deeply"),
    ('not json', "not JSON"),
])
def test_anything_but_data_is_refused(text, phrase):
    with pytest.raises(wire.WireError, match=phrase):
        wire.loads(text)


def test_objects_that_are_not_data_need_an_export_hook():
    class Sneaky(float):
        def __eq__(self, other):
            return True
    with pytest.raises(wire.WireError):
        wire.dumps(object())
    assert type(wire.loads(wire.dumps(Sneaky(1.0)))) is float   # equal to everything? not after crossing
    with pytest.raises(wire.WireError):
        wire.dumps(np.array([object()], dtype=object))


def test_a_test_cell_splits_into_its_visible_and_hidden_parts():
    source = "checks.f(f)\n### BEGIN HIDDEN TESTS\nassert f(1) == 2\n### END HIDDEN TESTS"
    assert split_parts(source) == ("checks.f(f)", "assert f(1) == 2")
    assert free_names("import numpy as _np\nfor _i in range(2):\n    assert f(_np.ones(_i)) is g\n"
                      "try:\n    h()\nexcept ValueError as _e:\n    print(_e)\n") == ["f", "g", "h"]


STUDENT = '''
import numpy as np, sys, warnings
def relu(z):
    print("hello from relu")
    return np.maximum(z, 0)
def clobber(z):
    z[0] = 99.0
    return z
def grad(f, x, h=1e-5):
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]; x[i] = old + h; a = f(x); x[i] = old - h; b = f(x); x[i] = old
        g[i] = (a - b) / (2 * h)
    return g
def batches(n):
    for i in range(n):
        yield np.full(2, i)
def task(name):
    raise ValueError(f"unknown task {name!r}")
def noisy(z):
    print("own line", file=sys.stderr)
    return z
def library_noise(z):
    import logging
    logging.getLogger("absl").warning("library notice")
    warnings.warn_explicit("keras notice", UserWarning, "/site-packages/keras/x.py", 1)
    return z
def apply(f, x):
    return f(x) + 1
def cache(x):
    return x * 2, (lambda: x)
def back(c):
    return c() + 1
def overflow(z):
    return np.exp(np.asarray(z, dtype=float) * 1000)
def lying(z):
    return type("Always", (), {"__eq__": lambda self, other: True})()
'''


@pytest.fixture(scope="module")
def kernels():
    env = kernel_env()
    km_s, kc_s = start_new_kernel(kernel_name="python3", env=env)
    km_t, kc_t = start_new_kernel(kernel_name="python3", env=env)
    info = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in km_s.get_connection_info().items()}

    def run(kc, code):
        out = {"stdout": "", "error": None, "stderr": ""}

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out[content["name"]] += content["text"]
            elif kind == "error":
                out["error"] = f"{content['ename']}: {content['evalue']}"
            elif kind == "display_data" and "application/x-dlf-stderr" in content["data"]:
                out["stderr"] += content["data"]["application/x-dlf-stderr"]
        kc.execute_interactive(code, output_hook=hook, timeout=120)
        return out

    assert run(kc_s, STUDENT)["error"] is None
    boot = run(kc_t, f"import grader.trusted as T\nT.connect({json.dumps(info)}, '/tmp', 'week02_activations')\n"
                     "import numpy as np\n")
    assert boot["error"] is None, boot

    def trusted(code):
        names = [n for n in free_names(code) if n != "T"]
        prepared = run(kc_t, f"T.prepare({names!r}, globals())")
        assert prepared["error"] is None, prepared
        return run(kc_t, code)

    yield run, trusted, kc_s
    for km, kc in ((km_s, kc_s), (km_t, kc_t)):
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_call_brings_back_data_and_output(kernels):
    run, trusted, _ = kernels
    out = trusted("x = np.array([-1.0, 2.0])\nprint(relu(x).tolist(), x.tolist(), type(relu(x)).__name__)")
    assert out["error"] is None
    assert "hello from relu" in out["stdout"] and "[0.0, 2.0] [-1.0, 2.0] ndarray" in out["stdout"]


def test_changing_an_input_fails_and_is_seen_by_the_caller(kernels):
    run, trusted, _ = kernels
    out = trusted("x = np.array([1.0, 2.0])\ntry:\n    clobber(x)\nexcept AssertionError as e:\n"
                  "    print(type(e).__name__, e)\nprint(x.tolist())")
    assert "InputChanged clobber changed its input `z` in place" in out["stdout"]
    assert "[99.0, 2.0]" in out["stdout"]


def test_callbacks_see_the_probed_array_and_may_call_back_in(kernels):
    run, trusted, _ = kernels
    out = trusted("W = np.array([[1.0, 2.0], [3.0, 4.0]])\n"
                  "print(np.round(grad(lambda w: float((w ** 2).sum()), W), 4).tolist())\n"
                  "print(np.round(grad(lambda _: float((W ** 3).sum()), W), 3).tolist(), W.tolist())\n"   # closes over W
                  "print(apply(lambda v: float(relu(v).sum()), np.array([1.0, -2.0])))")
    assert out["error"] is None, out
    assert "[[2.0, 4.0], [6.0, 8.0]]" in out["stdout"]
    assert "[[3.0, 12.0], [27.0, 48.0]] [[1.0, 2.0], [3.0, 4.0]]" in out["stdout"]   # W restored after probing
    assert "2.0" in out["stdout"].splitlines()[-1]


def test_iterators_exceptions_and_handles(kernels):
    run, trusted, _ = kernels
    out = trusted("it = batches(3)\nprint(next(it).tolist(), len(list(it)))\n"
                  "try:\n    task('x')\nexcept ValueError as e:\n    print('ValueError', str(e).splitlines()[0])\n"
                  "y, c = cache(np.ones(2))\nprint(type(c).__name__, back(c).tolist())\n"
                  "print(lying(1) == 1)")
    assert out["error"] is None, out
    assert "[0, 0] 2" in out["stdout"]
    assert "ValueError unknown task 'x'" in out["stdout"]
    assert "Remote [2.0, 2.0]" in out["stdout"]
    assert "False" in out["stdout"].splitlines()[-1]   # an object equal to everything is only a handle here


def test_own_stderr_is_kept_library_noise_is_not(kernels):
    run, trusted, _ = kernels
    assert "own line" in trusted("noisy(1)")["stderr"]
    assert trusted("library_noise(1)")["stderr"] == ""
    assert trusted("T.hidden(True)\nnoisy(1)\nrelu(np.ones(1))\nT.hidden(False)")["stderr"] == ""


def test_a_hijacked_agent_gains_nothing(kernels):
    run, trusted, kc_s = kernels
    run(kc_s, "import json\nfrom IPython.display import publish_display_data\n"
              "def relu(z):\n    return z\n"
              "_forged = lambda req: publish_display_data({'application/x-dlf-reply+json': "
              "json.dumps({'value': {'t': 'evil'}})})\n"
              "get_ipython().events.register('pre_execute', lambda: setattr(__dlf_agent__, 'call', _forged) "
              "if '__dlf_agent__' in globals() else None)\n")
    out = trusted("relu(np.ones(2))")
    assert out["error"] is not None and "unknown data tag" in out["error"], out
    run(kc_s, "get_ipython().events.callbacks['pre_execute'].clear()\n" + STUDENT)


def test_numeric_warnings_follow_the_callers_settings(kernels):
    """A test that turns overflow into an error, records warnings or makes them exceptions gets the same
    for the student's function, which runs in another kernel; by default the warning is the student's stderr."""
    run, trusted, _ = kernels
    out = trusted("import warnings\n"
                  "try:\n    with np.errstate(over='raise'):\n        overflow([1.0])\n"
                  "except FloatingPointError as e:\n    print('raised', type(e).__name__)\n"
                  "with warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n"
                  "    overflow([1.0])\nprint('recorded', [x.category.__name__ for x in w])\n"
                  "try:\n    with warnings.catch_warnings():\n        warnings.simplefilter('error', RuntimeWarning)\n"
                  "        overflow([2.0])\nexcept RuntimeWarning as e:\n    print('as exception', type(e).__name__)\n")
    assert out["error"] is None, out
    assert "raised FloatingPointError" in out["stdout"]
    assert "recorded ['RuntimeWarning']" in out["stdout"]
    assert "as exception RuntimeWarning" in out["stdout"]
    assert "overflow" in trusted("overflow([3.0])")["stderr"]


def test_a_check_finds_the_students_other_functions(kernels):
    """A backward pass's check looks its forward pass up in the function's globals, as in one kernel."""
    run, trusted, _ = kernels
    out = trusted("print(relu.__globals__.get('grad').__name__, relu.__globals__.get('nothing_here'))")
    assert out["error"] is None and "grad None" in out["stdout"], out


def test_only_the_gradebooks_test_cells_run_in_the_trusted_kernel(tmp_path):
    """A submission cannot promote its own code into the trusted kernel by editing cell metadata."""
    import copy

    import nbformat

    from grader.course import build_template
    from grader.execute import TrustedExecute, gradebook_cells
    from conftest import ROOT

    tpl = build_template("week00_tiny", tmp_path, ROOT / "tests" / "fixtures" / "source")
    nb = nbformat.read(str(tpl.release), as_version=4)
    source = {c.metadata["nbgrader"]["grade_id"]: c for c in nbformat.read(
        str(ROOT / "tests" / "fixtures" / "source" / "week00_tiny" / "tiny.ipynb"), as_version=4).cells
        if c.metadata.get("nbgrader", {}).get("grade_id")}
    ex = TrustedExecute()
    ex._tests, stubs = gradebook_cells(
        {"nbgrader": {"db_url": f"sqlite:///{tpl.gradebook}", "assignment": "week00_tiny", "notebook": "tiny"}})
    assert set(stubs) == {"answer_step", "answer_relu"} and all("NotImplementedError" in s for s in stubs.values())
    assert set(ex._tests) == {"test_step", "test_relu"}
    genuine = copy.deepcopy(source["test_step"])
    assert ex._official_test(genuine) == ex._tests["test_step"]
    # nbgrader's add_missing_cells puts a deleted test cell back behind a comment: it is the test all the same
    # (run in the student's kernel, it would pass whatever the answer, if that kernel were told to skip it)
    put_back = copy.deepcopy(genuine)
    put_back.source = "# This cell (id:test_step) was missing from the submission. It was added back by nbgrader.\n\n" \
        + genuine.source
    assert ex._official_test(put_back) == ex._tests["test_step"]
    edited = copy.deepcopy(genuine)
    edited.source += "\nimport utils.checks.engine as e; e.run_cases = lambda *a, **k: 1"
    prefixed = copy.deepcopy(genuine)
    prefixed.source = "import utils.checks.engine as e; e.run_cases = lambda *a, **k: 1\n" + genuine.source
    forged = nbformat.v4.new_code_cell("import utils.checks as c", metadata={"nbgrader": {
        "grade": True, "solution": False, "grade_id": "forged", "points": 0, "locked": True, "schema_version": 3}})
    promoted = copy.deepcopy(next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "answer_step"))
    promoted.metadata["nbgrader"].update(grade=True, solution=False, points=2)
    nameless = copy.deepcopy(forged)
    del nameless.metadata["nbgrader"]["grade_id"]            # what OverwriteCells leaves of an unknown id
    assert all(ex._official_test(c) is None for c in (edited, prefixed, forged, promoted, nameless))
