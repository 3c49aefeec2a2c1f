"""Offline data for the course: nothing here downloads anything, except `fashion_mnist()` when Keras' cache
lacks the files and the network answers (it falls back to an offline set otherwise; see its docstring).

Logic gates are written out; the rest comes from data sets that scikit-learn ships or generates.
Every loader returns float64 features X (n, d) and integer labels y (n,) unless it says otherwise.
"""
from __future__ import annotations

import numpy as np

_GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xor": [0, 1, 1, 0],
}


def truth_table(gate: str) -> tuple[np.ndarray, np.ndarray]:
    """The four inputs of a two-input logic gate and its outputs.

    >>> X, y = truth_table("xor")   # X: [[0,0],[0,1],[1,0],[1,1]], y: [0,1,1,0]
    """
    key = gate.lower()
    if key not in _GATES:
        raise ValueError(f"unknown gate {gate!r}; choose one of {sorted(_GATES)}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(_GATES[key], dtype=np.int64)


def moons(n: int = 200, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: the smallest data set a linear model cannot separate."""
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n, noise=noise, random_state=seed)
    return X.astype(np.float64), y.astype(np.int64)


def digits(flatten: bool = True, scale: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 1,797 handwritten digits, 8x8 pixels, classes 0-9.

    flatten=True gives X of shape (n, 64); False gives NHWC images (n, 8, 8, 1).
    scale=True maps the pixel values 0..16 to 0..1.
    """
    from sklearn.datasets import load_digits

    bunch = load_digits()
    X = bunch.images.astype(np.float64)
    if scale:
        X = X / 16.0
    X = X.reshape(len(X), -1) if flatten else X[..., None]
    return X, bunch.target.astype(np.int64)


def iris() -> tuple[np.ndarray, np.ndarray]:
    """Fisher's 150 irises: 4 measurements, 3 species."""
    from sklearn.datasets import load_iris

    bunch = load_iris()
    return bunch.data.astype(np.float64), bunch.target.astype(np.int64)


def breast_cancer() -> tuple[np.ndarray, np.ndarray]:
    """569 tumours described by 30 features, benign (1) or malignant (0)."""
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer()
    return bunch.data.astype(np.float64), bunch.target.astype(np.int64)


def diabetes() -> tuple[np.ndarray, np.ndarray]:
    """442 patients, 10 standardised features, a float disease-progression target (regression)."""
    from sklearn.datasets import load_diabetes

    bunch = load_diabetes()
    return bunch.data.astype(np.float64), bunch.target.astype(np.float64)


def standardize(X_train: np.ndarray, *others: np.ndarray) -> tuple[np.ndarray, ...]:
    """Scale features to zero mean and unit variance using the training set's statistics only."""
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return tuple((X - mean) / std for X in (X_train, *others))


FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
_FASHION_FILES = ["train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
                  "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"]
_FASHION_HOST = "storage.googleapis.com"


def _keras_cache_dir() -> str:
    """Where Keras' `get_file` keeps downloads: $KERAS_HOME (or ~/.keras), /tmp/.keras if not writable."""
    import os

    try:  # the value Keras itself uses (it reads KERAS_HOME once, when keras is imported)
        from keras.src.backend.config import keras_home

        home = keras_home()
    except Exception:  # a Keras without that private accessor: same rule by hand
        home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    home = os.path.expanduser(home)
    if not os.access(home, os.W_OK):
        home = os.path.join("/tmp", ".keras")
    return os.path.join(home, "datasets", "fashion-mnist")


def _host_reachable(host: str, timeout: float) -> bool:
    """True if a TCP connection to host:443 opens within `timeout` seconds (name lookup included)."""
    import socket
    import threading

    result = []

    def probe():
        try:
            socket.create_connection((host, 443), timeout=timeout).close()
            result.append(True)
        except OSError:
            pass

    worker = threading.Thread(target=probe, daemon=True)
    worker.start()
    worker.join(timeout)  # a name lookup that hangs cannot hold us longer than this
    return bool(result)


def fashion_mnist(n_train: int | None = None, n_test: int | None = None, seed: int = 0,
                  flatten: bool = True, download: bool | None = None, timeout: float = 3.0):
    """Fashion-MNIST through Keras' own loader, or an offline stand-in when it cannot be had.

    Returns ``(X_train, y_train), (X_test, y_test), class_names, source``:

    - X: float32 pixels scaled to 0..1, shape (n, 784) with ``flatten=True``, else NHWC (n, 28, 28, 1);
    - y: int64 labels 0..9; class_names: the 10 names, ``class_names[y]`` names a label;
    - source: ``"fashion_mnist"`` or ``"digits"`` (the fallback), so a notebook can say what it used.

    n_train / n_test keep a random subset of at most that many samples (drawn with ``seed``; None keeps all),
    so small experiments stay fast.

    Where the data comes from, in this order:

    1. Keras' cache (``$KERAS_HOME/datasets/fashion-mnist``, by default ``~/.keras/...``) holds the four
       files: ``keras.datasets.fashion_mnist.load_data()`` reads them, no network involved.
    2. Otherwise, unless ``download=False`` or the environment variable ``DLF_OFFLINE=1`` says not to
       try, a connection to the download host is probed with a short ``timeout`` and, if it opens,
       Keras downloads the data into its cache (once; about 30 MB).
    3. Otherwise (offline, or the download failed) it prints one line and falls back to scikit-learn's
       bundled 8x8 handwritten digits (1,797 images, classes "0".."9"), upscaled to 28x28 (bilinear x3
       to 24x24, then 2 pixels of zero padding, like MNIST's centred digits) so that shapes and code are
       the same as with Fashion-MNIST. The fallback's fixed split is 1,497 training / 300 test images.
    """
    import os

    if download is None:
        download = os.environ.get("DLF_OFFLINE", "").strip().lower() in ("", "0", "false", "no")
    cache = _keras_cache_dir()
    cached = all(os.path.exists(os.path.join(cache, f)) for f in _FASHION_FILES)
    data, source, why = None, "fashion_mnist", ""
    if cached or download:
        if not cached and not _host_reachable(_FASHION_HOST, timeout):
            why = f"{_FASHION_HOST} is not reachable"
        else:
            import socket

            old = socket.getdefaulttimeout()
            socket.setdefaulttimeout(max(timeout, 10.0))  # a stalled download fails instead of hanging
            try:
                import keras

                (Xa, ya), (Xb, yb) = keras.datasets.fashion_mnist.load_data()  # uint8 pixels 0..255
                data = (Xa.astype(np.float32) / 255.0, ya), (Xb.astype(np.float32) / 255.0, yb)
            except Exception as exc:  # noqa: BLE001 - any failure means: use the offline set
                why = f"Keras could not load it ({type(exc).__name__}: {exc})"
            finally:
                socket.setdefaulttimeout(old)
    else:
        why = "it is not in Keras' cache and downloading is switched off"
    if data is None:
        print(f"Fashion-MNIST unavailable ({why}): using scikit-learn's digits, upscaled to 28x28, instead.")
        data, source = _digits_28x28(), "digits"
    (X_train, y_train), (X_test, y_test) = data
    rng = np.random.default_rng(seed)
    if n_train is not None and n_train < len(X_train):
        keep = rng.choice(len(X_train), size=n_train, replace=False)
        X_train, y_train = X_train[keep], y_train[keep]
    if n_test is not None and n_test < len(X_test):
        keep = rng.choice(len(X_test), size=n_test, replace=False)
        X_test, y_test = X_test[keep], y_test[keep]

    def prepare(X):
        X = np.asarray(X, dtype=np.float32)
        return X.reshape(len(X), -1) if flatten else X.reshape(len(X), 28, 28, 1)

    names = list(FASHION_CLASSES) if source == "fashion_mnist" else [str(d) for d in range(10)]
    return ((prepare(X_train), np.asarray(y_train, dtype=np.int64)),
            (prepare(X_test), np.asarray(y_test, dtype=np.int64)), names, source)


def _digits_28x28():
    """scikit-learn's digits as 28x28 images in 0..1, split 1,497 / 300 by a fixed permutation."""
    from scipy.ndimage import zoom
    from sklearn.datasets import load_digits

    bunch = load_digits()
    small = bunch.images.astype(np.float32) / 16.0                        # (1797, 8, 8)
    big = np.clip(zoom(small, (1, 3, 3), order=1), 0.0, 1.0)              # (1797, 24, 24)
    images = np.pad(big, ((0, 0), (2, 2), (2, 2)))                        # (1797, 28, 28)
    labels = bunch.target.astype(np.int64)
    order = np.random.default_rng(0).permutation(len(images))
    train, test = order[:1497], order[1497:]
    return (images[train], labels[train]), (images[test], labels[test])


def text(name: str = "alice") -> str:
    """A short public-domain text shipped with the course (utils/texts/<name>.txt), for character models.

    The default, "alice", is the opening of chapter I of Lewis Carroll's "Alice's Adventures in Wonderland"
    (1865), about 5,800 characters; utils/texts/README.md says where each text comes from.
    """
    from importlib import resources

    path = resources.files("utils").joinpath("texts", f"{name}.txt")
    if not path.is_file():
        available = sorted(p.name[:-4] for p in resources.files("utils").joinpath("texts").iterdir()
                           if p.name.endswith(".txt"))
        raise ValueError(f"no text named {name!r}; choose one of {available}")
    return path.read_text(encoding="utf-8")
