"""Offline data for the course: nothing here downloads anything.

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
