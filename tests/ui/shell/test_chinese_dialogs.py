"""Chinese everywhere the clerk looks (issue 20 point 6): Qt's own dialogs translated from the qtbase_zh_CN
PySide6 ships, dates in the Chinese way, and file dialogs opening in the user's documents folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale
from PySide6.QtWidgets import QApplication

from app.ui.shell.app import install_qt_chinese
from app.ui.widgets import ask


@pytest.fixture
def chinese(qapp: QApplication):
    before = QLocale()
    assert install_qt_chinese(qapp)
    yield
    QLocale.setDefault(before)


def test_standard_dialog_texts_are_chinese(chinese) -> None:
    # The texts the clerk met in English: the file dialog's labels and the standard buttons.
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
    assert QCoreApplication.translate("QFileDialog", "Files of type:") == "文件类型："
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QPlatformTheme", "&Yes").startswith("是")


def test_the_file_dialog_the_clerk_sees_has_no_english_label(chinese) -> None:
    """Qt 6 spells its labels with a mnemonic (“&Look in:”, “Files of &type:”) that qtbase_zh_CN does not
    carry: the dialog itself is checked, not only the strings."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    dialog = QFileDialog(None, "保存 PDF")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "查找范围(&L)："
    assert labels["fileTypeLabel"] == "文件类型(&T)："
    assert labels["fileNameLabel"].startswith("文件名称")
    dialog.deleteLater()


def test_dates_are_written_the_chinese_way(chinese) -> None:
    text = QLocale().toString(QDate(2026, 12, 6), QLocale.FormatType.ShortFormat)
    assert text == "2026/12/6"


def test_file_dialogs_start_in_the_documents_folder(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setattr(ask, "_last_folder", None)
    assert Path(ask.start_folder()) == home / "Documents"
    # A proposed name goes there; a chosen file's folder is where the next dialog opens.
    assert Path(ask._in_folder("2018年度考评结果.pdf")) == home / "Documents" / "2018年度考评结果.pdf"
    elsewhere = tmp_path / "U盘"
    elsewhere.mkdir()
    ask._used(str(elsewhere / "名册.xlsx"))
    assert Path(ask.start_folder()) == elsewhere
