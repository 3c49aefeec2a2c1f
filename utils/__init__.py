"""Deep Learning Foundations: the course's shared helpers.

- `utils.checks`     checks called by the visible test cells (`checks.softmax(softmax)`)
- `utils.gradcheck`  numerical gradients and relative error, for checking backward passes
- `utils.data`       offline data sets: logic gates, scikit-learn's bundled sets, Fashion-MNIST with a fallback
- `utils.plots`      the course's figures in one style
- `utils.environment` the versions the course needs, checked in one line (the Colab bootstrap prints it)
"""
__version__ = "0.1.0"
