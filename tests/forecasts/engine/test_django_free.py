"""The engine is used by the CLI, tasks and benchmarks without Django: it must never import it."""

import subprocess
import sys

MODULES = (
    "almaty.forecasts.engine",
    "almaty.forecasts.engine.errors",
    "almaty.forecasts.engine.method",
    "almaty.forecasts.engine.models",
    "almaty.forecasts.engine.reconcile",
    "almaty.forecasts.engine.results",
    "almaty.forecasts.engine.series",
)


def test_no_engine_module_imports_django() -> None:
    code = (
        f"import {', '.join(MODULES)}\n"
        "import sys\n"
        "from almaty.forecasts.engine import forecast_panel, read_csv\n"
        "panel = read_csv(b'series_id,period,value\\n' + b''.join(\n"
        "    b'A,%d,%d\\n' % (2000 + i, 10 + i % 3) for i in range(8)))\n"
        "forecast_panel(panel, horizon=2)\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not leaked, leaked\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_reading_a_file_does_not_import_statsforecast() -> None:
    """Checking an upload stays light: the models' library loads with the first forecast."""
    code = (
        "import sys\n"
        "from almaty.forecasts.engine import read_csv\n"
        "read_csv(b'series_id,period,value\\nA,2024-01,1\\n')\n"
        "assert 'statsforecast' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
