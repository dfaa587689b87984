"""remit/ is a library usable without Streamlit; pages never open the store themselves."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_remit_never_imports_streamlit() -> None:
    offenders = [p for p in (ROOT / "remit").rglob("*.py") if "streamlit" in _imports(p)]
    assert offenders == []
    code = "import sys, remit.cli, remit.build, remit.charts, remit.impact; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


def test_pages_do_not_touch_duckdb_directly() -> None:
    offenders = [p.name for p in (ROOT / "views").glob("*.py") if "duckdb" in _imports(p)]
    assert offenders == []
