"""The side panel of 考评结果: why the selected unit or cadre got what it got — every line of its explanation in
Chinese, grouped as the seed's clauses come (得分构成 → 加减分 → 总分 → 排名与名额 → 等次), each naming its
clause, and what keeps the result open, if anything, at the top. Read-only; F6 reaches it and ↑/↓ scroll it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.scoring.explain import Explanation
from app.scoring.explain.model import (
    ADJUSTMENT,
    AWARD,
    COMPONENT,
    DECISION,
    FOLLOW_UP,
    OUTCOME,
    PROVISIONAL,
    QUOTA,
    RANK,
    TOTAL,
)

TOPICS = (
    (PROVISIONAL, "尚未确定"),
    (COMPONENT, "得分构成"),
    (ADJUSTMENT, "加分与减分"),
    (TOTAL, "总分"),
    (RANK, "排名"),
    (QUOTA, "优秀名额"),
    (OUTCOME, "等次与奖项"),
    (DECISION, "党委审定"),
    (AWARD, "突出奖项"),
    (FOLLOW_UP, "后续事项"),
)


def explanation_html(heading: str, explanation: Explanation) -> str:
    """The panel's text: user text escaped (names, matters and reasons are data, never markup)."""
    parts = [f"<h3 style='margin:0 0 4px 0'>{escape(heading)}</h3>"]
    for topic, title in TOPICS:
        lines = [line for line in explanation.lines if line.topic == topic]
        if not lines:
            continue
        colour = "#8a4b00" if topic == PROVISIONAL else "#000000"
        parts.append(f"<p style='margin:8px 0 2px 0; font-weight:bold; color:{colour}'>{escape(title)}</p>")
        for line in lines:
            text = line.text.removeprefix("暂定：") if topic == PROVISIONAL else line.text
            parts.append(
                f"<p style='margin:0 0 3px 10px; color:{colour}'>{escape(text)}"
                f"<br><span style='color:#666666; font-size:small'>〔{escape(line.clause)}〕</span></p>"
            )
    return "".join(parts)


class ExplanationPanel(QWidget):
    """Shows one explanation; `save_button` saves the unit's page of the 考评明细 (the page wires it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explanationPanel")
        title = QLabel("计分明细（选中一行即显示，每条注明依据的条款）")
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: bold;")
        self.browser = QTextBrowser()
        self.browser.setObjectName("explanationText")
        self.browser.setOpenLinks(False)
        # Out of the Tab chain (F6 reaches it): switching group tabs keeps the cursor in the tables.
        self.browser.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.save_button = QPushButton("保存本科室明细…")
        self.save_button.setToolTip("打印给科室负责人：本科室一页（各项得分、每项加减分及依据），及本科室干部各一行")
        self.save_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.save_button)
        self.unit: str | None = None
        self.clear()

    def clear(self, hint: str = "选中一个科室（单位）或一名干部，这里显示其得分由何而来。") -> None:
        self.unit = None
        self.browser.setHtml(f"<p style='color:#666666'>{escape(hint)}</p>")
        self.save_button.setEnabled(False)

    def show_explanation(self, heading: str, explanation: Explanation, unit: str | None) -> None:
        self.unit = unit
        self.browser.setHtml(explanation_html(heading, explanation))
        self.save_button.setEnabled(unit is not None)

    def text(self) -> str:
        return self.browser.toPlainText()
