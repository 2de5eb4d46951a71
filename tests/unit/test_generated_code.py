"""The committed stubs must be exactly what `make generate` produces from protos/."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "stubs" / "python" / "agentmemory" / "v1"


def test_python_stubs_match_the_protos(tmp_path: Path):
    subprocess.run(
        [str(ROOT / "scripts" / "generate_python.sh"), str(tmp_path)],
        check=True,
        env={**os.environ, "PYTHON": sys.executable},
    )
    fresh = sorted(p.name for p in (tmp_path / "agentmemory" / "v1").iterdir())
    committed = sorted(p.name for p in GENERATED.iterdir() if p.name != "__init__.py" and p.suffix in {".py", ".pyi", ".binpb"})
    assert fresh == committed, "run `make generate` and commit the result"
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "agentmemory" / "v1", GENERATED, fresh, shallow=False)
    assert mismatch == [] and errors == [], f"stale generated files {mismatch + errors}: run `make generate`"
