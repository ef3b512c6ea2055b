"""Where the program keeps its files: the user's data folder (APPRAISAL_DATA_DIR overrides)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_FOLDER = "Appraisal Office"
DEFAULT_DB_NAME = "考评通.sqlite"


def data_dir() -> Path:
    override = os.environ.get("APPRAISAL_DATA_DIR")
    if override:
        folder = Path(override)
    elif sys.platform == "win32":
        folder = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_FOLDER
    elif sys.platform == "darwin":
        folder = Path.home() / "Library" / "Application Support" / APP_FOLDER
    else:
        folder = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "appraisal-office"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_database_path() -> Path:
    return data_dir() / DEFAULT_DB_NAME
