"""Killing a child process at a known point (SIGKILL after it prints a marker), for the fault tests: the kill
lands where the test says, never on a timer."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


def kill_at_marker(command: list[str], marker: str) -> list[str]:
    """Run `command` until it prints a line starting with `marker`, SIGKILL it, and return every line it printed
    (the marker's included). The child may wait on its stdin to be killed; it sees the repository on its path."""
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    child = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None and child.stderr is not None and child.stdin is not None
    lines: list[str] = []
    try:
        for line in child.stdout:
            lines.append(line.strip())
            if line.startswith(marker):
                break
        else:
            pytest.fail(f"the child ended before {marker!r}: {child.stderr.read()}")
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        lines += [line.strip() for line in child.stdout]
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        error = child.stderr.read()
        for stream in (child.stdin, child.stdout, child.stderr):
            stream.close()
    assert child.returncode == -signal.SIGKILL, error
    return lines
