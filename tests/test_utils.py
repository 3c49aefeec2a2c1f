"""Unit tests of the shared helpers: the check engine, gradient checking, data and plots."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import checks, data, gradcheck, plots  # noqa: E402
from utils.checks import Case, CheckFailed, compare, run_cases  # noqa: E402

SQUARE = [
    Case("scalar", args=(3.0,), expect=9.0),
    Case("vector", args=(np.array([1.0, -2.0]),), expect=np.array([1.0, 4.0]), hint="square each entry"),
]


def _fails(func, cases=SQUARE, name="square"):
    with pytest.raises(CheckFailed) as info:
        run_cases(func, cases, name=name)
    return str(info.value)


def test_passing_check_prints_one_line_summary(capsys):
    assert run_cases(lambda x: np.asarray(x) ** 2, SQUARE, name="square") == 2
    assert capsys.readouterr().out.strip() == "square: 2/2 checks passed"


def test_wrong_values_say_expected_got_and_hint():
    msg = _fails(lambda x: np.asarray(x) * 2)
    assert "square: check 1/2 failed - scalar" in msg
    assert "expected result = 9, got 6" in msg
    msg = _fails(lambda x: np.abs(x) * 2 if np.ndim(x) else x ** 2)
    assert "check 2/2 failed - vector" in msg and "hint: square each entry" in msg
    assert "called with (array(2,) float64: [ 1. -2.])" in msg


def test_shape_dtype_nan_none_and_exceptions_are_reported():
    assert "expected result.shape (), got (1, 1)" in _fails(lambda x: np.atleast_2d(np.asarray(x) ** 2))
    assert "got None" in _fails(lambda x: None)
    assert "NaN/inf" in _fails(lambda x: np.asarray(x) ** 2 * np.nan)
    assert "raised ZeroDivisionError" in _fails(lambda x: 1 / 0)
    msg = _fails(lambda x: (np.asarray(x) ** 2).astype(np.float32),
                 [Case("dtype", args=(2.0,), expect=4.0, dtype="float64")])
    assert "expected result.dtype float64, got float32" in msg


def test_not_implemented_stub_gets_its_own_message():
    def square(x):
        raise NotImplementedError()
    assert "not implemented yet" in _fails(square)


def test_not_a_function():
    assert "expected a function" in _fails(42)


def test_inputs_are_copied_and_must_stay_unchanged():
    x = np.array([1.0, 2.0])
    cases = [Case("a", args=(x,), expect=np.array([1.0, 4.0])), Case("b", args=(x,), expect=np.array([1.0, 4.0]))]

    def squares_in_place(v):
        v **= 2
        return v
    assert "changed its input `v` in place" in _fails(squares_in_place, cases, "sq")
    assert np.array_equal(x, [1.0, 2.0])                       # the case's own array is never touched
    run_cases(squares_in_place, cases, name="sq", quiet=True, may_modify=("v",))   # unless the text allows it
    state = {"mean": np.zeros(2)}
    keeps = [Case("dict", args=(state,), expect=np.zeros(2))]

    def updates_state(s):
        s["mean"] += 1
        return np.zeros(2)
    assert "changed its input `s` in place" in _fails(updates_state, keeps, "bn")


def test_named_tuple_results_and_property_checks():
    cases = [Case("pair", args=(2.0,), expect=(4.0, 8.0), names=("sq", "_", "cube"),
                  check=lambda r: None if r[1] == "cache" else "cache must be 'cache'")]
    run_cases(lambda x: (x ** 2, "cache", x ** 3), cases, name="f", quiet=True)
    assert "expected cube = 8, got 9" in _fails(lambda x: (x ** 2, "cache", 9.0), cases, "f")
    assert "expected a tuple (sq, _, cube)" in _fails(lambda x: x ** 2, cases, "f")
    assert "cache must be" in _fails(lambda x: (x ** 2, "other", x ** 3), cases, "f")


def test_strict_cases_turn_overflow_into_failure():
    cases = [Case("huge", args=(np.array([-1e4, 1e4]),), expect=np.array([0.0, 1.0]), strict=True)]
    assert "numeric warning: overflow" in _fails(lambda z: 1 / (1 + np.exp(-z)), cases, "sigmoid")
    run_cases(lambda z: (np.tanh(z / 2) + 1) / 2, cases, name="sigmoid", quiet=True)


def test_compare_tolerances_and_strings():
    assert compare(np.array([1.0 + 1e-9]), np.array([1.0]), rtol=1e-7) is None
    assert "differ" in compare(np.array([1.1]), np.array([1.0]))
    assert compare("relu", "relu") is None and "expected result = 'relu'" in compare("tanh", "relu")
    assert compare({"a": np.ones(2)}, {"a": np.ones(2)}) is None
    assert "missing ['b']" in compare({"a": 1}, {"a": 1, "b": 2})


def test_checks_namespace_rejects_unknown_names():
    with pytest.raises(AttributeError):
        checks.no_such_check  # noqa: B018


def test_target_prints_its_verdict_and_returns_it(capsys):
    assert checks.target("test accuracy", 0.831, 0.78) is True
    assert capsys.readouterr().out == "test accuracy: 0.831, target >= 0.78 -> met\n"
    assert checks.target("lead", -0.02, 0.01) is False
    missed = capsys.readouterr().out
    assert missed.endswith("-> NOT met\n")
    from utils.checks.selfcheck import TARGET_LINE

    assert TARGET_LINE.findall("x\n" + missed + "test accuracy: 0.9, target >= 0.8 -> met\n") == \
        [missed.strip(), "test accuracy: 0.9, target >= 0.8 -> met"]


def test_check_versions_names_what_is_missing_or_too_old():
    from importlib import metadata

    from utils.environment import check_versions

    assert check_versions().endswith("all recent enough")  # the pinned environment
    installed = {"numpy": "1.21.6", "matplotlib": "3.11.2", "keras": "2.15.0"}

    def version(name):
        if name not in installed:
            raise metadata.PackageNotFoundError(name)
        return installed[name]

    with pytest.raises(RuntimeError) as failure:
        check_versions(version)
    message = str(failure.value)
    assert "numpy 1.21.6 is too old (the course needs >= 1.26)" in message
    assert "keras 2.15.0 is too old" in message and "scikit-learn is not installed" in message
    assert "matplotlib" not in message and "tensorflow" not in message  # recent enough / optional and absent


def test_five_point_gradient_of_known_functions():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = gradcheck.numerical_gradient_array(lambda v: np.sum(v ** 3), x, 1.0)
    assert gradcheck.rel_error(grad, 3 * x ** 2) < 1e-8
    assert np.array_equal(x, [[1.0, -2.0], [0.5, 3.0]]), "x must be left as it was"
    assert grad.dtype == np.float64
    ints = gradcheck.numerical_gradient_array(lambda v: np.sum(v ** 2), np.array([1, 2]), 1.0)
    assert np.allclose(ints, [2.0, 4.0])


def test_gradcheck_is_not_the_week4_central_difference():
    """utils.gradcheck uses the five-point stencil: exact for a cubic even with a large step, where week 4's
    graded central difference gives 3 x**2 + h**2 (so the helper cannot stand in for the student's answer)."""
    x = np.array([0.5, -1.0, 2.0])
    five = gradcheck.numerical_gradient_array(lambda v: np.sum(v ** 3), x, 1.0, h=0.1)
    assert np.allclose(five, 3 * x ** 2, rtol=1e-12, atol=1e-12)
    assert not np.allclose(five, 3 * x ** 2 + 0.01, rtol=1e-6, atol=1e-9)
    assert not hasattr(gradcheck, "numerical_gradient")


def test_five_point_gradient_leaves_no_round_off_where_f_is_flat():
    """Where f does not depend on an entry (a ReLU's negative side), the numerical gradient is exactly 0."""
    x = np.array([-0.7, 0.4, -1.3])
    dout = np.array([0.3, -1.1, 2.0])
    numeric = gradcheck.numerical_gradient_array(lambda v: np.maximum(v, 0), x, dout)
    assert numeric[0] == 0.0 and numeric[2] == 0.0
    assert gradcheck.rel_error(numeric, dout * (x > 0)) < 1e-9


def test_numerical_gradient_array_and_check_layer():
    rng = np.random.default_rng(0)
    x, W, dout = rng.normal(size=(3, 4)), rng.normal(size=(4, 2)), rng.normal(size=(3, 2))
    dx = gradcheck.numerical_gradient_array(lambda v: v @ W, x.copy(), dout)
    assert gradcheck.rel_error(dx, dout @ W.T) < 1e-7
    errors = gradcheck.check_layer(lambda a, b: a @ b, [dout @ W.T, x.T @ dout], [x, W], dout)
    assert max(errors) < 1e-7
    wrong = gradcheck.check_layer(lambda a, b: a @ b, [dout @ W.T, (x.T @ dout) * 2], [x, W], dout)
    assert wrong[1] > 0.1


def test_rel_error():
    assert gradcheck.rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert gradcheck.rel_error(np.array([1.0]), np.array([-1.0])) == 1.0
    with pytest.raises(ValueError):
        gradcheck.rel_error(np.zeros(2), np.zeros(3))


@pytest.mark.parametrize("gate,expected", [("and", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("xor", [0, 1, 1, 0])])
def test_truth_tables(gate, expected):
    X, y = data.truth_table(gate)
    assert X.shape == (4, 2) and y.tolist() == expected


def test_unknown_gate():
    with pytest.raises(ValueError, match="unknown gate"):
        data.truth_table("maybe")


def test_bundled_data_sets_are_offline_and_shaped():
    X, y = data.moons(100, seed=1)
    assert X.shape == (100, 2) and set(y) == {0, 1}
    assert np.array_equal(X, data.moons(100, seed=1)[0])
    X, y = data.digits()
    assert X.shape == (1797, 64) and X.max() <= 1.0 and set(y) == set(range(10))
    assert data.digits(flatten=False)[0].shape == (1797, 8, 8, 1)
    assert data.iris()[0].shape == (150, 4)
    assert data.breast_cancer()[0].shape == (569, 30)
    assert data.diabetes()[1].dtype == np.float64


def test_standardize_uses_training_statistics():
    train, test = data.standardize(np.array([[0.0, 1.0], [2.0, 1.0]]), np.array([[4.0, 1.0]]))
    assert np.allclose(train.mean(axis=0), 0) and np.allclose(test, [[3.0, 0.0]])


def test_plots_draw_headless():
    plots.use_style()
    ax = plots.activation_curves({"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh})
    assert len(ax.lines) >= 2
    X, y = data.truth_table("and")
    ax = plots.decision_boundary(lambda P: (P.sum(axis=1) > 1.5).astype(int), X, y, title="AND")
    assert ax.get_title() == "AND"
    ax = plots.training_curves({"loss": [1, 0.5], "val_loss": [1.2, 0.7]})
    assert [l.get_linestyle() for l in ax.lines] == ["-", "--"]
    assert ax.lines[0].get_color() == ax.lines[1].get_color()
    fig = plots.image_grid(np.zeros((3, 8, 8, 1)), labels=[0, 1, 2], ncols=2)
    assert len(fig.axes) == 4
    with pytest.raises(ValueError):
        plots.decision_boundary(lambda P: P[:, 0], np.zeros((4, 3)), np.zeros(4))
    plt.close("all")


@pytest.mark.skipif(plots.korean_font() is None and not __import__("os").environ.get("CI"),
                    reason="no Korean font installed (apt-get install fonts-nanum; .ci/run does it)")
def test_korean_labels_render_without_missing_glyphs(tmp_path):
    import warnings

    plt.rcdefaults()
    plots.use_style()
    assert plots.korean_font() is not None, "CI installs fonts-nanum: the Korean fallback must be found"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = plots.training_curves({"훈련 손실": [1.0, 0.5], "검증 손실": [1.2, 0.7]}, title="학습 곡선 (loss)",
                                   ylabel="교차 엔트로피")
        ax.set_xlabel("에포크")
        ax.figure.savefig(tmp_path / "ko.png")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing[:3]
    plt.close("all")
