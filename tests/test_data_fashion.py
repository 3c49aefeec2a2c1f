"""utils.data.fashion_mnist: Keras' cache is used when it holds the files; otherwise the offline fallback.

Nothing here downloads: the cached path reads a tiny fixture written in Keras' cache layout
($KERAS_HOME/datasets/fashion-mnist/*.gz, IDX format) into a temporary KERAS_HOME, in a subprocess
(Keras reads KERAS_HOME once, when it is imported).
"""
from __future__ import annotations

import gzip
import json
import os
import struct
import subprocess
import sys

import numpy as np
import pytest

from utils import data

N_TRAIN, N_TEST = 12, 5


def _write_idx(folder, prefix, images, labels):
    with gzip.open(folder / f"{prefix}-labels-idx1-ubyte.gz", "wb") as f:
        f.write(struct.pack(">II", 2049, len(labels)) + labels.astype(np.uint8).tobytes())
    with gzip.open(folder / f"{prefix}-images-idx3-ubyte.gz", "wb") as f:
        f.write(struct.pack(">IIII", 2051, len(images), 28, 28) + images.astype(np.uint8).tobytes())


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """What fashion_mnist returns from a KERAS_HOME whose cache holds a 12 + 5 image Fashion-MNIST look-alike:
    flattened, as images, and once a file is gone. One subprocess (Keras reads KERAS_HOME once, when it is
    imported, and each import of it costs seconds)."""
    home = tmp_path_factory.mktemp("keras_home")
    rng = np.random.default_rng(0)
    folder = home / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    fixture = {
        "train": (rng.integers(0, 256, size=(N_TRAIN, 28, 28)), np.arange(N_TRAIN) % 10),
        "t10k": (rng.integers(0, 256, size=(N_TEST, 28, 28)), (np.arange(N_TEST) * 3) % 10),
    }
    for prefix, (images, labels) in fixture.items():
        _write_idx(folder, prefix, images, labels)
    environ = dict(os.environ, KERAS_HOME=str(home), DLF_OFFLINE="1", TF_CPP_MIN_LOG_LEVEL="3")
    environ["PYTHONPATH"] = os.pathsep.join([str(data.__file__).rsplit(os.sep, 2)[0], environ.get("PYTHONPATH", "")])
    code = LOAD.format(missing=str(folder / "t10k-images-idx3-ubyte.gz"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), fixture


LOAD = """
import json, os
from utils import data
out = {{}}
for flatten in (True, False):
    (Xtr, ytr), (Xte, yte), names, source = data.fashion_mnist(flatten=flatten)
    out[str(flatten)] = {{"source": source, "names": names, "Xtr": Xtr.tolist(), "ytr": ytr.tolist(),
                         "Xte": Xte.tolist(), "yte": yte.tolist(), "dtype": str(Xtr.dtype), "ydtype": str(ytr.dtype)}}
os.unlink({missing!r})
(X, y), (Xt, yt), names, source = data.fashion_mnist()
out["incomplete"] = {{"source": source, "n": len(X)}}
print(json.dumps(out))
"""


def test_cached_files_are_read_through_keras(loaded):
    runs, fixture = loaded
    out = runs["True"]
    assert out["source"] == "fashion_mnist"
    assert out["names"] == data.FASHION_CLASSES
    assert out["dtype"] == "float32" and out["ydtype"] == "int64"
    images, labels = fixture["train"]
    np.testing.assert_allclose(out["Xtr"], images.reshape(N_TRAIN, -1) / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(out["ytr"], labels)
    images, labels = fixture["t10k"]
    np.testing.assert_allclose(out["Xte"], images.reshape(N_TEST, -1) / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(out["yte"], labels)


def test_cached_images_nhwc(loaded):
    out = loaded[0]["False"]
    assert np.asarray(out["Xtr"]).shape == (N_TRAIN, 28, 28, 1)
    assert np.asarray(out["Xte"]).shape == (N_TEST, 28, 28, 1)


def test_incomplete_cache_falls_back_offline(loaded):
    assert loaded[0]["incomplete"] == {"source": "digits", "n": 1497}


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "_keras_cache_dir", lambda: str(tmp_path / "nothing-here"))


def test_fallback_when_offline(empty_cache, monkeypatch, capsys):
    monkeypatch.setenv("DLF_OFFLINE", "1")
    (X, y), (Xt, yt), names, source = data.fashion_mnist()
    notice = capsys.readouterr().out.strip().splitlines()
    assert source == "digits" and names == [str(d) for d in range(10)]
    assert len(notice) == 1 and "digits" in notice[0]
    assert X.shape == (1497, 784) and Xt.shape == (300, 784)
    assert X.dtype == np.float32 and y.dtype == np.int64
    assert 0.0 <= X.min() and X.max() <= 1.0 and X.max() > 0.9
    assert set(np.unique(y)) == set(range(10)) and set(np.unique(yt)) == set(range(10))
    (Xi, _), _, _, _ = data.fashion_mnist(flatten=False)
    assert Xi.shape == (1497, 28, 28, 1)
    assert np.all(Xi[:, :2] == 0) and np.all(Xi[:, :, -2:] == 0), "2-pixel zero border around 24x24 digits"


def test_fallback_subsets_are_seeded(empty_cache):
    (X1, y1), (T1, t1), _, _ = data.fashion_mnist(n_train=100, n_test=40, seed=3, download=False)
    (X2, y2), (T2, t2), _, _ = data.fashion_mnist(n_train=100, n_test=40, seed=3, download=False)
    (X3, _), _, _, _ = data.fashion_mnist(n_train=100, seed=4, download=False)
    assert X1.shape == (100, 784) and T1.shape == (40, 784)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    np.testing.assert_array_equal(t1, t2)
    assert not np.array_equal(X1, X3)


def test_no_download_attempt_when_host_unreachable(empty_cache, monkeypatch, capsys):
    import keras

    def must_not_run():
        raise AssertionError("keras' loader called although the host is unreachable")

    monkeypatch.delenv("DLF_OFFLINE", raising=False)
    monkeypatch.setattr(data, "_host_reachable", lambda host, timeout: False)
    monkeypatch.setattr(keras.datasets.fashion_mnist, "load_data", must_not_run)
    _, _, _, source = data.fashion_mnist(download=True)
    assert source == "digits"
    assert "not reachable" in capsys.readouterr().out


def test_failed_download_falls_back(empty_cache, monkeypatch, capsys):
    import keras

    def broken():
        raise OSError("connection reset")

    monkeypatch.setattr(data, "_host_reachable", lambda host, timeout: True)
    monkeypatch.setattr(keras.datasets.fashion_mnist, "load_data", broken)
    _, _, _, source = data.fashion_mnist(download=True)
    assert source == "digits"
    assert "connection reset" in capsys.readouterr().out


def test_probe_is_bounded_in_time():
    import time

    start = time.perf_counter()
    data._host_reachable("unreachable.invalid", timeout=0.5)
    assert time.perf_counter() - start < 5
