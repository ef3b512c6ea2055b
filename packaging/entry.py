"""The bundled program's entry point: the same `appraisal` command (no arguments: the window)."""

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
