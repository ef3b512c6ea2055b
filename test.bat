@echo off
rem Set up (first time) and run every check (Windows).
cd /d "%~dp0"
set QT_QPA_PLATFORM=offscreen
if not exist .venv\Scripts\python.exe py -3 -m venv .venv
.venv\Scripts\python -m pip install --quiet -e ".[test]" || exit /b 1
.venv\Scripts\ruff check app tests benchmarks tools || exit /b 1
.venv\Scripts\lint-imports || exit /b 1
.venv\Scripts\python -m pytest %*
