"""The rooms' rules (docs/architecture.md), measured from the code itself on every run.

import-linter proves the layers; these are the rules it cannot express: no import circle between modules of
app/ (imports inside functions count: they hide a circle, they don't remove it), no module over 700 lines, at
most 12 modules at the top of app/ui, and SQL only in app/models (the UI's one write seam, `Session.write`,
wraps `Database.atomic`)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
SQL = re.compile(r"\batomic\(|\.execute(many|script)?\(|\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b")
WRITE_SEAM = "app.ui.shell.session"


def modules() -> dict[str, Path]:
    found = {}
    for path in APP.rglob("*.py"):
        name = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The app modules `name` imports anywhere in its text, a package's __init__ included: app.scoring and
    app.scoring.explain hold code of their own there, and a submodule importing its package while the package
    imports it is a circle like any other."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: set(imported(name, path, known)) for name, path in known.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_circle_finder_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_a_circle_through_a_packages_init_is_seen(tmp_path: Path, monkeypatch) -> None:
    """A package whose __init__ imports a submodule that imports the package back (inside a function)."""
    package = tmp_path / "app" / "pkg"
    package.mkdir(parents=True)
    (tmp_path / "app" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("from app.pkg.sub import f\n")
    (package / "sub.py").write_text("def f():\n    from app.pkg import g\n")
    monkeypatch.setitem(globals(), "APP", tmp_path / "app")
    assert circles(import_graph()) == [["app.pkg", "app.pkg.sub"]]


def test_no_import_circle_between_modules_of_app() -> None:
    assert circles(import_graph()) == []


def test_no_module_over_700_lines() -> None:
    long = {name: n for name, path in modules().items() if (n := len(path.read_text("utf-8").splitlines())) > 700}
    assert long == {}


def test_at_most_twelve_modules_at_the_top_of_ui() -> None:
    top = [p.name for p in (APP / "ui").glob("*.py") if p.name != "__init__.py"]
    assert len(top) <= 12, top


def test_sql_only_in_models() -> None:
    outside = sorted(
        name
        for name, path in modules().items()
        if not name.startswith("app.models") and name != WRITE_SEAM and SQL.search(path.read_text("utf-8"))
    )
    assert outside == []


def test_the_sql_rule_sees_sql() -> None:
    assert SQL.search('conn.execute("SELECT 1")') and SQL.search("with db.atomic(reason):")
    assert not SQL.search("results are selected")


def test_modal_dialogs_only_through_the_ask_seam() -> None:
    """Every modal question goes through app/ui/widgets/ask.py, which tests answer (tests/helpers/ask_mock.py): a
    dialog shown with its own `.exec()` or `.open()` escapes them (the roster import preview did). Allowed: the
    event loop itself, and the crash dialog (window-modal inside the excepthook, where no nested loop may run)."""
    allowed = {("app.ui.shell.app", "app.exec()"), ("app.ui.shell.crash", "dialog.open()")}
    shown = re.compile(r"\b[\w.]+\.(?:exec|open)\(\)")
    found = {
        (name, call)
        for name, path in modules().items()
        if name.startswith("app.ui.") and name != "app.ui.widgets.ask"
        for call in shown.findall(path.read_text("utf-8"))
    }
    assert found - allowed == set()
