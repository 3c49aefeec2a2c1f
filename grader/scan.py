"""Static scan of a submission's code for attempts to make the tests pass without solving the task.

Every code cell the student can change (locked cells are restored by nbgrader, so they are skipped) is
turned into plain Python (IPython magics and `!shell` lines included) and walked as an AST. Findings
are flags for a human to review, not penalties:

- assigning to (or deleting, or setattr on) an attribute of an imported module: `np.allclose = ...`,
  `utils.checks.step = ...`, `checks.engine.compare = ...`;
- rebinding a builtin at module level (`AssertionError = ...`, `def isinstance(...)`, `import x as len`),
  touching `builtins` / `__builtins__`, `sys.modules`, `sys.settrace`/`setprofile`, `sys.excepthook`;
- hooking into the kernel: `get_ipython().set_custom_exc`, `.events.register`, `.run_cell`, ...;
- reading the course's files: string literals that name the source notebooks, the gradebook, nbgrader's
  folders, other notebooks; reading frames or source code (`inspect`, `sys._getframe`, `gc`);
- shell commands and dynamic code (`exec`, `eval`, `compile`, `__import__`), `ctypes`.

`library_calls(nb, tables)` flags a graded function that the text asks to write by hand but whose answer
calls a library's implementation of the same function (`np.tanh` inside `tanh`). `tables` is the week's
`OWN_WORK` ({function: [fully qualified library names]}, from `utils.checks.<week>`, see `own_work_table`).
Inside each `answer_<function>` cell (its whole AST, the functions it defines, and the notebook's own
functions and lambdas it calls, followed transitively), every dotted reference is fully qualified through
the imports made anywhere in the notebook (`import tensorflow as tf`, `from tensorflow import nn`,
`from scipy.special import softmax as sm`), simple aliases (`f = np.tanh`), `getattr(np, "tanh")`,
`np.__dict__["tanh"]`, `importlib.import_module("numpy")` and `__import__("numpy")`; `tensorflow.keras.*`
and `tf.compat.v1/v2.*` count as `keras.*` and `tensorflow.*`. These flags go to the report like the
others: a human decides.
"""
from __future__ import annotations

import ast
import builtins
import re

from utils.checks.messages import split_assignment

from .course import Template

BUILTIN_NAMES = {n for n in dir(builtins) if not n.startswith("_")} | {"__import__", "__build_class__"}
SUSPICIOUS_MODULES = {"ctypes": "imports ctypes", "gc": "imports gc (can reach the tests' objects)",
                      "inspect": "imports inspect (can read frames and source)", "sqlite3": "imports sqlite3",
                      "builtins": "imports builtins", "importlib": "imports importlib",
                      "subprocess": "runs subprocesses", "shutil": "imports shutil (file operations)"}
HISTORY = re.compile(r"In|Out|_ih|_oh|_dh|_i{1,3}|_i\d+|_\d+|_{2,3}")
SAFE_IPYTHON = {"run_line_magic", "run_cell_magic"}
SAFE_MAGICS = {"matplotlib", "time", "timeit", "config", "precision", "autoreload", "load_ext", "pprint",
               "capture", "html", "latex", "markdown", "javascript", "svg"}
PATH_PATTERN = re.compile(r"gradebook|\.db\b|\bsource/|/source\b|autograded|submitted|\.ipynb\b|nbgrader|"
                          r"/work/|\.\./|~/|/proc/|/root\b|/tmp/|/home/|/etc/", re.IGNORECASE)


def to_python(source: str) -> str:
    """IPython cell -> Python source (magics become get_ipython() calls)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(source)
    except Exception:
        return source


def _root_name(node):
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):
        parts.append(_dotted(node.func) + "()")
    return ".".join(reversed(parts))


class _Scanner(ast.NodeVisitor):
    def __init__(self, modules: set[str]):
        self.modules = set(modules)   # names bound to imported modules (carried across cells)
        self.flags: list[str] = []
        self.depth = 0
        self.globals_stack: list[set[str]] = [set()]

    def flag(self, node, text):
        self.flags.append(f"{text} (line {getattr(node, 'lineno', '?')})")

    # --- bindings -------------------------------------------------------------------------------
    def _bind(self, node, name):
        if name in BUILTIN_NAMES and (self.depth == 0 or name in self.globals_stack[-1]):
            self.flag(node, f"rebinds builtin {name!r}")

    def _target(self, node, target, verb="assigns"):
        if isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._target(node, elt, verb)
        elif isinstance(target, ast.Starred):
            self._target(node, target.value, verb)
        elif isinstance(target, ast.Name):
            self._bind(node, target.id)
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            root = _root_name(target)
            text = _dotted(target.value if isinstance(target, ast.Subscript) else target)
            if root in self.modules:
                self.flag(node, f"{verb} {text}{'[...]' if isinstance(target, ast.Subscript) else ''} "
                                f"(attribute of imported module {root!r})")
            elif root in ("__builtins__", "builtins") or text.startswith(("sys.modules", "sys.excepthook")):
                self.flag(node, f"{verb} {text}")
            elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Call) and \
                    _dotted(target.value.func) in ("globals", "vars", "locals"):
                self.flag(node, f"{verb} through {_dotted(target.value.func)}()[...]")
            elif isinstance(target, ast.Attribute) and target.attr in ("__code__", "__globals__", "__dict__",
                                                                        "__class__", "__bases__"):
                self.flag(node, f"{verb} {text} (rewrites an object's internals)")

    def visit_Assign(self, node):
        for t in node.targets:
            self._target(node, t)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._target(node, node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._target(node, node.target)
        self.generic_visit(node)

    def visit_Delete(self, node):
        for t in node.targets:
            self._target(node, t, "deletes")
        self.generic_visit(node)

    def visit_For(self, node):
        self._target(node, node.target)
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_With(self, node):
        for item in node.items:
            if item.optional_vars is not None:
                self._target(node, item.optional_vars)
        self.generic_visit(node)

    def visit_NamedExpr(self, node):
        self._target(node, node.target)
        self.generic_visit(node)

    def visit_Global(self, node):
        self.globals_stack[-1].update(node.names)

    def _scope(self, node, name):
        self._bind(node, name)
        for deco in getattr(node, "decorator_list", []):
            self.visit(deco)
        self.depth += 1
        self.globals_stack.append(set())
        for stmt in node.body:
            self.visit(stmt)
        self.globals_stack.pop()
        self.depth -= 1

    def visit_FunctionDef(self, node):
        self._scope(node, node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self._scope(node, node.name)

    def visit_Lambda(self, node):
        self.generic_visit(node)

    # --- imports --------------------------------------------------------------------------------
    def visit_Import(self, node):
        for alias in node.names:
            bound = alias.asname or alias.name.split(".")[0]
            self.modules.add(bound)
            self._bind(node, bound)
            top = alias.name.split(".")[0]
            if top in SUSPICIOUS_MODULES:
                self.flag(node, SUSPICIOUS_MODULES[top])

    def visit_ImportFrom(self, node):
        top = (node.module or "").split(".")[0]
        if top in SUSPICIOUS_MODULES:
            self.flag(node, SUSPICIOUS_MODULES[top])
        for alias in node.names:
            bound = alias.asname or alias.name
            if alias.name == "*":
                self.flag(node, f"star import from {node.module}")
                continue
            self._bind(node, bound)
            # from utils import checks / from numpy import testing: modules whose attributes matter
            if node.module and (node.module.split(".")[0] in ("utils", "numpy", "sys", "os", "builtins")
                                or bound[:1].islower()):
                self.modules.add(bound)

    # --- calls and names ------------------------------------------------------------------------
    def visit_Call(self, node):
        name = _dotted(node.func)
        if name in ("setattr", "delattr") and node.args:
            root = _root_name(node.args[0])
            if root in self.modules or root in ("__builtins__", "builtins"):
                self.flag(node, f"{name}() on {_dotted(node.args[0]) or root}")
        elif name in ("exec", "eval", "compile", "__import__"):
            self.flag(node, f"dynamic code: {name}()")
        elif name in ("get_ipython().system", "get_ipython().getoutput"):
            self.flag(node, "shell command")
        elif name.startswith("get_ipython()."):
            attr = name.split(".", 1)[1]
            if attr.split(".")[0] not in SAFE_IPYTHON:
                self.flag(node, f"hooks into the kernel: {name}")
            elif attr == "run_line_magic" and node.args and isinstance(node.args[0], ast.Constant) \
                    and node.args[0].value not in SAFE_MAGICS:
                self.flag(node, f"magic %{node.args[0].value}")
            elif attr == "run_cell_magic" and node.args and isinstance(node.args[0], ast.Constant) \
                    and node.args[0].value not in SAFE_MAGICS:
                self.flag(node, f"cell magic %%{node.args[0].value}")
        elif name.split(".")[-1] in ("settrace", "setprofile", "_getframe", "getsource", "currentframe",
                                     "get_referrers", "get_objects") and name.split(".")[0] in (
                                         "sys", "inspect", "gc", "threading"):
            self.flag(node, f"calls {name}()")
        elif name in ("os.system", "os.popen", "os.execv", "os.execl", "os.spawnl", "os.remove", "os.unlink",
                      "os.rmdir", "os.rename", "os.replace", "shutil.rmtree", "os.chmod", "os.kill"):
            self.flag(node, f"calls {name}()")
        self.generic_visit(node)

    def visit_Name(self, node):
        if node.id in ("__builtins__",) and isinstance(node.ctx, ast.Load):
            self.flag(node, "uses __builtins__")
        elif isinstance(node.ctx, ast.Load) and HISTORY.fullmatch(node.id):
            self.flag(node, f"reads the input/output history ({node.id}), where the tests ran")

    def visit_Constant(self, node):
        if isinstance(node.value, str) and PATH_PATTERN.search(node.value):
            self.flag(node, f"names a course or system path: {node.value[:60]!r}")

    def visit_JoinedStr(self, node):
        self.generic_visit(node)


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def scan_notebook(nb, tpl: Template | None = None, tables: dict | None = None) -> list[str]:
    """Flags for every student-editable code cell of `nb` (a NotebookNode), then `library_calls` with the
    week's `OWN_WORK` table (`tables`, else `own_work_table(tpl.week)`)."""
    locked = set(tpl.locked_sources) if tpl else set()
    unchanged = tpl.release_code if tpl else set()
    scanner = _Scanner(modules=set())
    flags: list[str] = []
    for index, cell in enumerate(nb.cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code" or not isinstance(cell.get("source"), str):
            continue
        gid = _grade_id(cell)
        where = gid or f"cell {index + 1}"
        code = to_python(cell.get("source", ""))
        if gid in locked or (not gid and _norm(cell.get("source", "")) in unchanged):
            # restored from the gradebook before running; only learn its imports
            for node in ast.walk(_parse(code) or ast.Module(body=[], type_ignores=[])):
                if isinstance(node, ast.Import):
                    scanner.modules.update(a.asname or a.name.split(".")[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom):
                    scanner.modules.update(a.asname or a.name for a in node.names)
            continue
        tree = _parse(code)
        if tree is None:
            continue  # it fails when run too; nothing to scan
        scanner.flags = []
        try:
            scanner.visit(tree)
        except RecursionError:
            scanner.flags.append("code nested too deeply to scan")
        flags.extend(f"{where}: {f}" for f in dict.fromkeys(scanner.flags))
    if tables is None and tpl is not None:
        tables = own_work_table(tpl.week)
    if tables:
        flags.extend(library_calls(nb, tables))
    return flags


def _grade_id(cell) -> str:
    meta = cell.get("metadata", {})
    meta = meta.get("nbgrader") if isinstance(meta, dict) else None
    gid = meta.get("grade_id", "") if isinstance(meta, dict) else ""
    return gid if isinstance(gid, str) else ""


def _parse(code):
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None  # null bytes, nesting too deep for the parser, ...


# --- library implementations of a graded function ----------------------------------------------------------

CANONICAL_PREFIXES = (("tensorflow.keras.", "keras."), ("tensorflow.compat.v1.", "tensorflow."),
                      ("tensorflow.compat.v2.", "tensorflow."), ("tensorflow.python.keras.", "keras."),
                      ("keras.src.", "keras."), ("numpy.core.umath.", "numpy."), ("numpy._core.umath.", "numpy."))
MAX_FOLLOW = 50   # notebook functions followed from one answer


def canonical(name: str) -> str:
    """`tensorflow.keras.activations.tanh` -> `keras.activations.tanh`, and the like."""
    for _ in range(3):
        for prefix, replacement in CANONICAL_PREFIXES:
            if name.startswith(prefix):
                name = replacement + name[len(prefix):]
    return name


def own_work_table(week: str) -> dict:
    """`OWN_WORK` of `utils.checks.<week>` ({graded function: [library names]}), or {} when there is none."""
    import importlib

    try:
        module = importlib.import_module(f"utils.checks.{split_assignment(week)[0]}")
    except Exception:
        return {}
    table = getattr(module, "OWN_WORK", None)
    if not isinstance(table, dict):
        return {}
    return {str(k): [str(v) for v in vs] for k, vs in table.items() if isinstance(vs, (list, tuple, set))}


def _code_cells(nb):
    for index, cell in enumerate(nb.get("cells", []) if isinstance(nb, dict) else nb.cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if not isinstance(source, str):
            continue
        tree = _parse(to_python(source))
        if tree is not None:
            yield index, _grade_id(cell), tree


class _Resolver:
    """Names bound to modules and library objects anywhere in the notebook, fully qualified."""

    def __init__(self):
        self.names: dict[str, str] = {}
        self.shadow: set[str] = set()   # local names of the function being looked at

    def learn(self, tree) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.names[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        self.names[top] = top
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name != "*":
                        self.names[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def learn_aliases(self, tree) -> None:
        """`f = np.tanh`, `nn = tf.nn`, `act = getattr(np, 'tanh')` (after the imports are known)."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                target = node.targets[0].id
                value = self.resolve(node.value)
                if value and "." in value and target not in self.names:
                    self.names[target] = value

    def resolve(self, node, depth: int = 0) -> str | None:
        """The fully qualified name an expression stands for, when it is a library object; else None."""
        if depth > 20:
            return None
        if isinstance(node, ast.Name):
            return None if node.id in self.shadow else self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value, depth + 1)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, ast.Call) and node.args and not node.keywords:
            func = _dotted(node.func)
            first = node.args[0]
            const = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
            if func == "getattr" and len(node.args) in (2, 3):
                base = self.resolve(first, depth + 1)
                attr = node.args[1]
                if base and isinstance(attr, ast.Constant) and isinstance(attr.value, str):
                    return f"{base}.{attr.value}"
            elif const and (func == "__import__" or self.resolve(node.func, depth + 1) == "importlib.import_module"):
                return const if func != "__import__" else const.split(".")[0]
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and \
                node.value.attr == "__dict__":
            base = self.resolve(node.value.value, depth + 1)
            key = node.slice
            if base and isinstance(key, ast.Constant) and isinstance(key.value, str):
                return f"{base}.{key.value}"
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call) and \
                _dotted(node.value.func) == "vars" and len(node.value.args) == 1:
            base = self.resolve(node.value.args[0], depth + 1)
            key = node.slice
            if base and isinstance(key, ast.Constant) and isinstance(key.value, str):
                return f"{base}.{key.value}"
        return None


def _references(tree, resolver: _Resolver):
    """(fully qualified name, the expression as written) for every library reference inside `tree`."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Attribute, ast.Name, ast.Call, ast.Subscript)):
            if not isinstance(getattr(node, "ctx", ast.Load()), ast.Load):
                continue
            name = resolver.resolve(node)
            if name:
                try:
                    text = ast.unparse(node)
                except Exception:
                    text = name
                yield canonical(name), text[:60]


def _local_names(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            names.add(node.id)
    return names


def _bound(root) -> set[str]:
    """Names a function (or a cell) binds itself: its parameters, assigned names, nested defs and classes
    (imports are left out: the resolver knows them)."""
    names = set()
    args = getattr(root, "args", None)
    if isinstance(args, ast.arguments):
        for arg in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if arg is not None:
                names.add(arg.arg)
    for node in ast.walk(root):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not root:
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def library_calls(nb, tables: dict) -> list[str]:
    """Flags like "tanh calls np.tanh (the library's own tanh): check it was written by hand"."""
    if not tables:
        return []
    wanted = {fn: {canonical(n) for n in names} for fn, names in tables.items() if names}
    resolver = _Resolver()
    trees = list(_code_cells(nb))
    for _, _, tree in trees:
        resolver.learn(tree)
    defs: dict[str, ast.AST] = {}   # the notebook's own top-level functions and lambdas
    for _, _, tree in trees:
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                defs[node.name] = node
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        defs[target.id] = node.value
    for name in defs:  # `def softmax` in the notebook: `softmax` is the student's, not an import
        resolver.names.pop(name, None)
    for _, _, tree in trees:
        resolver.learn_aliases(tree)
    flags = []
    for _, gid, tree in trees:
        if not gid.startswith("answer_"):
            continue
        functions = {gid[len("answer_"):]}
        functions |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for function in sorted(functions & set(wanted)):
            own = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                   and n.name == function]
            roots = own or [tree]
            seen_defs, queue, found = {function}, [(root, None) for root in roots], {}
            while queue and len(seen_defs) <= MAX_FOLLOW:
                node, via = queue.pop(0)
                local = _bound(node)
                resolver.shadow = local
                try:
                    for name, text in _references(node, resolver):
                        if name in wanted[function] and text not in found:
                            found[text] = (name, via)
                finally:
                    resolver.shadow = set()
                for called in sorted((_local_names(node) - local) & set(defs) - seen_defs):
                    seen_defs.add(called)
                    queue.append((defs[called], via or called))
            for text, (name, via) in found.items():
                how = f" (through {via})" if via else ""
                short = name.rsplit(".", 1)[-1]
                which = "" if re.search(rf"\b{re.escape(short)}\W*$", text) else f", {name}"
                flags.append(f"{function} calls {text}{how} (the library's own {short}{which}): "
                             f"check it was written by hand")
    return list(dict.fromkeys(flags))
