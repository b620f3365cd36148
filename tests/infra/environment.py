"""Every environment variable the product's code reads, found in its source.

Read by `tests/infra/test_environment.py` (each must be documented) and
`tests/infra/test_compose.py` (compose may set only these). The search is by
syntax, not by grep, so that a new way of reading one is a failing test here
rather than a variable nobody documents:

- ``env.<anything>("NAME", ...)`` and ``env("NAME")`` (django-environ),
- ``deploy_setting(env, "NAME", ...)`` (production's secure defaults),
- ``os.getenv("NAME")``, and ``.get/.setdefault/.pop("NAME")``, ``["NAME"]``
  and ``"NAME" in`` on ``os.environ`` or on a mapping named ``environ``,
  ``environment`` or ``ENVIRON`` (such as the environment ``spiral dev``
  hands its children).
"""

import ast
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
_ENVIRONMENT_NAMES = {"environ", "environment", "ENVIRON"}
_MAPPING_METHODS = {"get", "setdefault", "pop"}


def product_folders() -> tuple[str, ...]:
    """The folders `setup.py` installs as the `spiral` package."""
    tree = ast.parse((REPO_ROOT / "setup.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "PRODUCT_FOLDERS"
            for target in node.targets
        ):
            return tuple(ast.literal_eval(node.value))
    raise AssertionError("setup.py no longer names PRODUCT_FOLDERS")


def source_files() -> list[Path]:
    """The product's Python files, and any under infra/ (local services)."""
    files = []
    for folder in (*product_folders(), "infra"):
        files += [
            path
            for path in sorted((REPO_ROOT / folder).rglob("*.py"))
            if "__pycache__" not in path.parts and "migrations" not in path.parts
        ]
    return files


def _is_environment(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return node.id in _ENVIRONMENT_NAMES
    if isinstance(node, ast.Attribute):
        return node.attr in _ENVIRONMENT_NAMES
    return False


def _name(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        value = node.value
        if value and value.replace("_", "").isalnum() and value == value.upper():
            return value
    return None


def _read(node: ast.AST) -> str | None:
    """The variable this node reads, if it reads one."""
    if isinstance(node, ast.Call):
        func, args = node.func, node.args
        if isinstance(func, ast.Name) and func.id == "env" and args:
            return _name(args[0])
        if isinstance(func, ast.Name) and func.id == "deploy_setting" and len(args) > 1:
            return _name(args[1])
        if isinstance(func, ast.Name) and func.id == "getenv" and args:
            return _name(args[0])
        if isinstance(func, ast.Attribute) and args:
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id == "env":
                return _name(args[0])
            if func.attr == "getenv":
                return _name(args[0])
            if func.attr in _MAPPING_METHODS and _is_environment(owner):
                return _name(args[0])
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.ctx, ast.Load)  # environment["X"] = ... sets, not reads
        and _is_environment(node.value)
    ):
        return _name(node.slice)
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], ast.In | ast.NotIn)
        and _is_environment(node.comparators[0])
    ):
        return _name(node.left)
    return None


def variables_read_by_the_code() -> dict[str, list[str]]:
    """Each variable, with where it is read (``path:line``)."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            name = _read(node)
            if name:
                found[name].append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    return {name: sorted(places) for name, places in found.items()}
