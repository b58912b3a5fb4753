"""The engine is used by the CLI, tasks and benchmarks without Django: it must never import it."""

import subprocess
import sys

MODULES = (
    "almaty.stats.engine.catalogue",
    "almaty.stats.engine.codelists",
    "almaty.stats.engine.columns",
    "almaty.stats.engine.errors",
    "almaty.stats.engine.groups",
    "almaty.stats.engine.periods",
    "almaty.stats.engine.readers",
    "almaty.stats.engine.validate",
)


def test_no_engine_module_imports_django() -> None:
    code = (
        f"import {', '.join(MODULES)}\n"
        "import sys\n"
        "from almaty.stats.engine.catalogue import load_catalogue\n"
        "load_catalogue()\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not leaked, leaked\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
