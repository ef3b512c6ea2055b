"""Test set-up: offscreen Qt before anything imports it; every path under tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

import pytest


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """The default database and logs go to a temp folder, never the user's."""
    data_dir = tmp_path / "appdata"
    monkeypatch.setenv("APPRAISAL_DATA_DIR", str(data_dir))
    return data_dir
