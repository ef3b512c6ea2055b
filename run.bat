@echo off
rem Set up (first time) and start Appraisal Office on its default database (Windows, Python 3.11+ from python.org).
cd /d "%~dp0"
if not exist .venv\Scripts\python.exe py -3 -m venv .venv
.venv\Scripts\python -c "import app.cli, PySide6" 2>nul || .venv\Scripts\python -m pip install --quiet -e .
.venv\Scripts\appraisal %*
