"""The course's figures, in one style. Each function draws on an `ax` (made if not given) and returns it.

Nothing here forces a backend: notebooks show figures inline, tests run with MPLBACKEND=Agg.
"""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]

STYLE = {
    "figure.figsize": (6.0, 4.0),
    "figure.dpi": 100,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": plt.cycler(color=COLORS),
    "legend.frameon": False,
    "font.size": 10,
}


# Fonts for Korean labels, tried in order when a glyph is missing from the default font: Debian's and Colab's
# fonts-nanum package (the Korean notebooks' bootstrap installs it in Colab).
KOREAN_FONTS = {"NanumGothic": "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"}


def korean_font() -> str | None:
    """The name of a font that draws Korean, registered with Matplotlib, or None where none is installed."""
    import os

    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    for name, path in KOREAN_FONTS.items():
        if name not in known and os.path.exists(path):
            font_manager.fontManager.addfont(path)  # installed after Matplotlib cached its font list
            known.add(name)
        if name in known:
            return name
    return None


def use_style() -> None:
    """Apply the course style to every figure that follows. Where a Korean font is installed, it follows the
    default sans-serif font in the family list, so a Korean label falls back to it glyph by glyph (Latin text
    keeps the default font)."""
    plt.rcParams.update(STYLE)
    korean = korean_font()
    if korean:  # Matplotlib falls back along an explicit list of families, not within "sans-serif"
        plt.rcParams["font.family"] = [plt.rcParams["font.sans-serif"][0], korean]


def _axes(ax=None, figsize=None):
    if ax is None:
        use_style()
        _, ax = plt.subplots(figsize=figsize)
    return ax


def activation_curves(functions: Mapping[str, Callable[[np.ndarray], np.ndarray]],
                      z: np.ndarray | None = None, ax=None, title: str = "Activation functions"):
    """Plot each named function of z on one axis, e.g. {"sigmoid": sigmoid, "relu": relu}."""
    ax = _axes(ax)
    z = np.linspace(-5, 5, 401) if z is None else np.asarray(z)
    for label, f in functions.items():
        ax.plot(z, f(z), label=label, linewidth=2)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set(xlabel="z", title=title)
    ax.legend()
    return ax


def decision_boundary(predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y: np.ndarray, ax=None,
                      title: str = "", resolution: int = 200, margin: float = 0.5):
    """Colour the plane by predict(points) and scatter the labelled samples on top (2-D inputs only)."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"decision_boundary needs 2-D inputs of shape (n, 2), got {X.shape}")
    ax = _axes(ax)
    x0 = np.linspace(X[:, 0].min() - margin, X[:, 0].max() + margin, resolution)
    x1 = np.linspace(X[:, 1].min() - margin, X[:, 1].max() + margin, resolution)
    g0, g1 = np.meshgrid(x0, x1)
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    z = np.asarray(predict(grid)).reshape(g0.shape)
    ax.contourf(g0, g1, z, alpha=0.25, cmap="coolwarm", levels=np.arange(z.max() + 2) - 0.5)
    ax.scatter(X[:, 0], X[:, 1], c=np.asarray(y), cmap="coolwarm", edgecolors="black", s=40, zorder=3)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title)
    ax.grid(False)
    return ax


def training_curves(history: Mapping[str, Sequence[float]], ax=None, title: str = "Training curves",
                    xlabel: str = "epoch", ylabel: str = "", logy: bool = False):
    """Plot named series against the epoch: a Keras `History.history` dict or any {name: values}.

    A validation series ("val_loss") is drawn dashed in the colour of its training series ("loss").
    """
    ax = _axes(ax)
    colors = {}
    for label, values in history.items():
        base = label[4:] if label.startswith("val_") else label
        color = colors.setdefault(base, COLORS[len(colors) % len(COLORS)])
        style = "--" if label.startswith("val_") else "-"
        ax.plot(np.arange(len(values)), values, style, color=color, label=label, linewidth=2)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    if logy:
        ax.set_yscale("log")
    ax.legend()
    return ax


def image_grid(images: np.ndarray, labels: Sequence | None = None, ncols: int = 8, cmap: str = "gray",
               title: str = ""):
    """Show a batch of NHWC (or NHW) images in a grid; returns the figure."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    n = len(images)
    nrows = int(np.ceil(n / ncols))
    use_style()
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.3 * ncols, 1.4 * nrows), squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if i < n:
            ax.imshow(images[i], cmap=cmap)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
