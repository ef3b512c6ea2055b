@echo off
rem Run every check (Windows): Qt tried first (packaging\qt_probe.py), then lint, layer contracts, the tests.
rem pip's output goes to .venv\pip.log and is shown only when pip fails.
chcp 65001 >nul
setlocal
cd /d "%~dp0"
set QT_QPA_PLATFORM=offscreen
if not exist .venv\Scripts\python.exe (
    echo 考评通：首次使用，正在创建运行环境（.venv）…
    py -3 -m venv .venv || python -m venv .venv || (echo 考评通：需要 Python 3.11 或更新版本（python.org）。 & exit /b 2)
)
.venv\Scripts\python -m pip install --disable-pip-version-check -e ".[test]" > .venv\pip.log 2>&1 || (type .venv\pip.log & echo 考评通：安装依赖失败（上面是 pip 的输出）。 & exit /b 1)
.venv\Scripts\python packaging\qt_probe.py || exit /b 2
.venv\Scripts\ruff check app tests benchmarks tools packaging || exit /b 1
.venv\Scripts\ruff format --check app tests benchmarks tools packaging || exit /b 1
.venv\Scripts\lint-imports || exit /b 1
.venv\Scripts\python -m pytest %*
