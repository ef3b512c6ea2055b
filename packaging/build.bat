@echo off
rem Build the one-folder program on Windows: dist\kaopingtong-<version>\ with KaoPingTong.exe and appraisal.exe.
rem Needs Python 3.11 or newer (64-bit) from python.org; run from any folder.
setlocal
cd /d "%~dp0.."
if not exist .venv\Scripts\python.exe (
    py -3 -m venv .venv || python -m venv .venv || goto :error
)
.venv\Scripts\python -m pip install --quiet -e ".[bundle]" || goto :error
.venv\Scripts\pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller packaging\appraisal.spec || goto :error
echo.
echo Built: dist\kaopingtong-*  (copy the whole folder; start KaoPingTong.exe)
dir /b dist
exit /b 0
:error
echo Build failed.
exit /b 1
