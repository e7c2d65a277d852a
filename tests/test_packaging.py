"""An installed wheel, used from another folder, finds its rules."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_ships_rules_and_works_from_elsewhere(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "dist"), str(ROOT)], check=True, timeout=300)
    wheel = next((tmp_path / "dist").glob("bpextract-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        z.extractall(tmp_path / "site")
    shipped = {p.name for p in (ROOT / "rules").glob("*.yaml")}
    assert {f"bpextract/rules/{n}" for n in shipped} <= names
    code = ("import bpextract, bpextract.rules as r; print(r.shipped_rules_dir()); "
            "d = bpextract.parse_text('KẾ HOẠCH\\nViệc a\\n'); print(d.header.doc_type)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "site")}, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == str(tmp_path / "site" / "bpextract" / "rules")
    assert lines[1] == "Kế hoạch"
