@echo off
rem Start Appraisal Office (Windows, Python 3.11+ from python.org). First use: creates .venv and installs the
rem program, saying so; pip's output goes to .venv\pip.log and is shown only when pip fails; then Qt is tried once.
chcp 65001 >nul
setlocal
set "HERE=%~dp0"
if not exist "%HERE%.venv\Scripts\python.exe" (
    echo 考评通：首次使用，正在创建运行环境（.venv）…
    py -3 -m venv "%HERE%.venv" || python -m venv "%HERE%.venv" || (echo 考评通：需要 Python 3.11 或更新版本（python.org）。 & exit /b 2)
)
"%HERE%.venv\Scripts\python" -c "import app.cli, PySide6" 2>nul && goto :start
echo 考评通：正在安装依赖（PySide6 等，约需一两分钟，只在首次使用时进行）…
pushd "%HERE%"
"%HERE%.venv\Scripts\python" -m pip install --disable-pip-version-check -e . > "%HERE%.venv\pip.log" 2>&1 || (type "%HERE%.venv\pip.log" & echo 考评通：安装依赖失败（上面是 pip 的输出）。 & popd & exit /b 1)
popd
"%HERE%.venv\Scripts\python" "%HERE%packaging\qt_probe.py" || exit /b 2
echo 考评通：运行环境已就绪。
:start
"%HERE%.venv\Scripts\appraisal" %*
