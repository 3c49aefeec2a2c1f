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
"""
from __future__ import annotations

import ast
import builtins
import re

from .course import Template, nbgrader_meta

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


def scan_notebook(nb, tpl: Template | None = None) -> list[str]:
    """Flags for every student-editable code cell of `nb` (a NotebookNode)."""
    locked = set(tpl.locked_sources) if tpl else set()
    unchanged = tpl.release_code if tpl else set()
    scanner = _Scanner(modules=set())
    flags: list[str] = []
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        gid = nbgrader_meta(cell).get("grade_id", "")
        where = gid or f"cell {index + 1}"
        code = to_python(cell.get("source", ""))
        if gid in locked or (not gid and _norm(cell.get("source", "")) in unchanged):
            # restored from the gradebook before running; only learn its imports
            try:
                for node in ast.walk(ast.parse(code)):
                    if isinstance(node, ast.Import):
                        scanner.modules.update(a.asname or a.name.split(".")[0] for a in node.names)
                    elif isinstance(node, ast.ImportFrom):
                        scanner.modules.update(a.asname or a.name for a in node.names)
            except SyntaxError:
                pass
            continue
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue  # it fails when run too; nothing to scan
        scanner.flags = []
        scanner.visit(tree)
        flags.extend(f"{where}: {f}" for f in dict.fromkeys(scanner.flags))
    return flags
