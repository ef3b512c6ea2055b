"""Answering the window's modal questions in tests (every one goes through app/ui/widgets/ask.py).

Without this fixture any modal question fails the test (the autouse guard in tests/conftest.py): a dialog
nobody answers would block the run. With it, a test says the answers in the order the questions come:

    ask_mock.file(tmp_path / "out.pdf").yes()       # a save dialog, then 是
    ask_mock.choose(0)                              # the first of several buttons
    ask_mock.text("2018年1月15日")                   # a line typed into an input dialog
    ask_mock.dialog(lambda q: fill(q.subject))      # a dialog of ours: the callable fills it, returns accepted
    ask_mock.always("撤销", True)                    # every question with this title, whenever it comes

A question of another kind than the next answer, or one with no answer left, fails the test; answers left
over fail it at teardown. Messages (ask.inform) need no answer: they are collected in `told`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.ui.widgets import ask
from app.ui.widgets.ask import Question

PATH_KINDS = (ask.OPEN_FILE, ask.SAVE_FILE, ask.FOLDER)


class AskMock:
    def __init__(self) -> None:
        self.asked: list[Question] = []  # every question, messages included, in order
        self.told: list[str] = []  # the texts of the messages (ask.inform)
        self._answers: list[tuple[tuple[str, ...], Any]] = []
        self._standing: dict[str, Any] = {}

    # --- what the test says -----------------------------------------------------------------------

    def file(self, path: str | Path | None) -> AskMock:
        """The next file or folder dialog returns `path` (None: cancelled)."""
        return self._queue(PATH_KINDS, None if path is None else str(path))

    def yes(self) -> AskMock:
        return self._queue((ask.CONFIRM,), True)

    def no(self) -> AskMock:
        return self._queue((ask.CONFIRM,), False)

    def choose(self, index: int) -> AskMock:
        return self._queue((ask.CHOOSE,), index)

    def text(self, answer: str | None) -> AskMock:
        """The next one-line question gets `answer` typed (None: cancelled)."""
        return self._queue((ask.TEXT,), answer)

    def dialog(self, answer: bool | Callable[[Question], bool]) -> AskMock:
        """The next dialog of ours: accepted (True), cancelled (False), or what `answer(question)` returns
        after filling in `question.subject` (the dialog)."""
        return self._queue((ask.DIALOG,), answer)

    def always(self, title: str, answer: Any) -> AskMock:
        """Every question titled `title` gets `answer` (a value, or `answer(question)`), however often it comes
        and in whatever order: for tests about what happens around a question rather than the question."""
        self._standing[title] = answer
        return self

    def _queue(self, kinds: tuple[str, ...], answer: Any) -> AskMock:
        self._answers.append((kinds, answer))
        return self

    # --- the responder ----------------------------------------------------------------------------

    def respond(self, question: Question, _show: Callable[[], Any]) -> Any:
        self.asked.append(question)
        if question.kind == ask.INFORM:
            self.told.append(question.text)
            return None
        if question.title in self._standing:
            answer = self._standing[question.title]
            return answer(question) if callable(answer) else answer
        if not self._answers:
            raise AssertionError(f"unexpected modal question in a test: {question}")
        kinds, answer = self._answers.pop(0)
        if question.kind not in kinds:
            raise AssertionError(f"expected a {' / '.join(kinds)} question, was asked {question}")
        return answer(question) if callable(answer) else answer

    @property
    def questions(self) -> list[Question]:
        """The questions that needed an answer (messages left out)."""
        return [q for q in self.asked if q.kind != ask.INFORM]

    def texts(self) -> list[str]:
        """The texts of the questions that needed an answer."""
        return [q.text for q in self.questions]

    @property
    def said(self) -> list[str]:
        """The texts of every question and message, in order."""
        return [q.text for q in self.asked]

    def left_over(self) -> list[tuple[tuple[str, ...], Any]]:
        return list(self._answers)


@pytest.fixture
def ask_mock(monkeypatch: pytest.MonkeyPatch) -> Iterator[AskMock]:
    mock = AskMock()
    monkeypatch.setattr(ask, "responder", mock.respond)
    yield mock
    assert not mock.left_over(), f"answers never asked for: {mock.left_over()}"


def refuse_every_question(question: Question, _show: Callable[[], Any]) -> Any:
    """The autouse guard's responder: a test that did not ask for `ask_mock` gets no modal dialog at all."""
    raise AssertionError(f"unexpected modal question in a test: {question}")
