"""Run every benchmark (make bench). Results go to the terminal; copy them to docs/benchmarks.md."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ["territories.py", "directory.py", "suggestions.py", "demo.py", "capteur_form.py"]:
    print(f"\n## {script}\n", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
