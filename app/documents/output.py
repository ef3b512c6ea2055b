"""Writing a finished document or workbook to disk."""

from __future__ import annotations

from pathlib import Path


def write_bytes(path: str | Path, content: bytes) -> None:
    """Through a temporary file, so a failed run never leaves half a file."""
    target = Path(path)
    temporary = target.with_name(target.name + ".part")
    temporary.write_bytes(content)
    temporary.replace(target)
