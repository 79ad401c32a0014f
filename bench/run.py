"""Run every benchmark (make bench). Results go to the terminal; copy them to docs/benchmarks.md."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

<<<<<<< HEAD
for script in ["territories.py", "directory.py", "demo.py", "capteur_form.py"]:
=======
for script in ["territories.py", "directory.py", "suggestions.py", "demo.py"]:
>>>>>>> suggest
    print(f"\n## {script}\n", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
