"""Entry points for the headless `results --format pdf|xlsx` and `print` commands."""

from __future__ import annotations

from app.models.db import Database


def write_results(db: Database, year: int, fmt: str, out: str) -> None:
    raise NotImplementedError(f"结果导出为 {fmt} 尚未实现（见打印与 Excel 的开发任务）。")


def print_document(db: Database, year: int, doc: str, out: str, copies: int = 1, month: str | None = None) -> None:
    raise NotImplementedError(f"打印 {doc} 尚未实现（见打印与 Excel 的开发任务）。")
