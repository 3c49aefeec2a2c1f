"""What crosses between the student's kernel and the trusted one: data only, in JSON, never pickles.

    text = dumps(value, export)       # a JSON string; `export(obj)` handles what is not data (or raises)
    value = loads(text, imports)      # strict: unknown tags, bad dtypes and sizes raise WireError

Data is None, bool, int, float (NaN/inf too), complex, str, bytes, lists, tuples, dicts (any data keys),
sets, ranges, NumPy arrays and scalars of numeric or bool dtype. Anything else goes through the `export`
hook of the side that sends it (a Keras model as a `.keras` file, a callable or an opaque object as a
handle) and comes back through `imports` on the other side; a tag that side does not accept is an error.

This file is also sent as source text into the student's kernel (grader.agent), so it imports only the
standard library and NumPy, and defines nothing else at module level.
"""
import base64
import json

import numpy as np

DTYPES = {"?", "b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "e", "f", "d", "F", "D"}
MAX_DEPTH = 64
MAX_BYTES = 512 * 2**20


class WireError(ValueError):
    """Something that is not data, or not well-formed, crossed the boundary."""


def _array(a):
    a = a if a.flags.c_contiguous else a.copy(order="C")  # (np.ascontiguousarray makes 0-d arrays 1-d)
    if a.dtype.char not in DTYPES:
        raise WireError(f"an array of dtype {a.dtype} cannot be sent (numbers and booleans only)")
    return {"t": "nd", "d": a.dtype.str, "s": list(a.shape), "b": base64.b64encode(a.tobytes()).decode()}


def encode(value, export=None, depth=0):
    """`value` as JSON-ready data; objects that are not data go to `export(obj) -> tagged dict`."""
    if depth > MAX_DEPTH:
        raise WireError("data nested too deeply")
    enc = lambda v: encode(v, export, depth + 1)  # noqa: E731
    if value is None or type(value) in (bool, str):
        return value
    if isinstance(value, np.generic) and value.dtype.char in DTYPES:
        return {"t": "np", "d": value.dtype.str, "b": base64.b64encode(value.tobytes()).decode()}
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        value = int(value)
        return value if abs(value) < 2**53 else {"t": "int", "v": str(value)}
    if isinstance(value, float):
        return {"t": "float", "v": float.__repr__(value)}
    if isinstance(value, complex):
        return {"t": "complex", "v": [float(value.real), float(value.imag)]}
    if isinstance(value, bytes):
        return {"t": "bytes", "b": base64.b64encode(value).decode()}
    if isinstance(value, np.ndarray) and type(value) is np.ndarray:
        return _array(value)
    if isinstance(value, tuple) and type(value) is tuple:
        return {"t": "tuple", "v": [enc(v) for v in value]}
    if isinstance(value, list) and type(value) is list:
        return [enc(v) for v in value]
    if isinstance(value, dict) and type(value) is dict:
        return {"t": "dict", "v": [[enc(k), enc(v)] for k, v in value.items()]}
    if isinstance(value, (set, frozenset)) and type(value) in (set, frozenset):
        return {"t": "set", "v": [enc(v) for v in value]}
    if type(value) is range:
        return {"t": "range", "v": [value.start, value.stop, value.step]}
    if export is not None:
        return export(value)
    raise WireError(f"a {type(value).__name__} is not data")


def decode(node, imports=None, depth=0):
    """The value of an encoded node; tags outside data go to `imports(node)` (or are an error)."""
    if depth > MAX_DEPTH:
        raise WireError("data nested too deeply")
    dec = lambda v: decode(v, imports, depth + 1)  # noqa: E731
    if node is None or isinstance(node, (bool, str)):
        return node
    if isinstance(node, int):
        return node
    if isinstance(node, float):  # JSON numbers with a fraction: only from a foreign sender
        return node
    if isinstance(node, list):
        return [dec(v) for v in node]
    if not isinstance(node, dict) or not isinstance(node.get("t"), str):
        raise WireError(f"malformed data node of type {type(node).__name__}")
    tag = node["t"]
    try:
        if tag == "int":
            return int(str(node["v"])[:5000])
        if tag == "float":
            return float(str(node["v"]))
        if tag == "complex":
            real, imag = node["v"]
            return complex(float(real), float(imag))
        if tag == "bytes":
            return base64.b64decode(node["b"], validate=True)
        if tag in ("nd", "np"):
            dtype = np.dtype(str(node["d"]))
            if dtype.char not in DTYPES:
                raise WireError(f"dtype {dtype} is not allowed")
            raw = base64.b64decode(node["b"], validate=True)
            if tag == "np":
                if len(raw) != dtype.itemsize:
                    raise WireError("scalar of the wrong size")
                return np.frombuffer(raw, dtype=dtype)[0]
            shape = tuple(int(n) for n in node["s"])
            if any(n < 0 for n in shape) or int(np.prod(shape, dtype=np.int64)) * dtype.itemsize != len(raw):
                raise WireError("array data does not match its shape")
            return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        if tag == "tuple":
            return tuple(dec(v) for v in node["v"])
        if tag == "dict":
            return {dec(k): dec(v) for k, v in node["v"]}
        if tag == "set":
            return {dec(v) for v in node["v"]}
        if tag == "range":
            start, stop, step = (int(v) for v in node["v"])
            return range(start, stop, step)
    except WireError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"malformed {tag!r} node: {exc}") from None
    if imports is not None:
        return imports(node)
    raise WireError(f"unknown data tag {tag!r}")


def dumps(value, export=None):
    text = json.dumps(encode(value, export), separators=(",", ":"))
    if len(text) > MAX_BYTES:
        raise WireError(f"more than {MAX_BYTES // 2**20} MB of data")
    return text


def loads(text, imports=None):
    if not isinstance(text, str) or len(text) > MAX_BYTES:
        raise WireError("a message that is not text, or too large")
    try:
        node = json.loads(text)
    except ValueError as exc:
        raise WireError(f"not JSON: {exc}") from None
    return decode(node, imports)
