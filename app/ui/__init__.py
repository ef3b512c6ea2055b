"""The desktop window (PySide6). Thin: it shows what app.models and app.scoring compute."""
