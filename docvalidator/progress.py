"""The command line's progress bar: transient, on stderr, only on a terminal and never in CI."""

from __future__ import annotations

import os
import sys


class DelayedProgress:
    """A transient progress bar on stderr that shows only once a run has taken over a second.
    No refresh thread: it redraws when told of progress (workers are forked meanwhile)."""

    DELAY = 1.0

    def __init__(self) -> None:
        import time

        self._clock = time.monotonic
        self._start = self._clock()
        self._bar = None
        self._task = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._bar is None:
            if self._clock() - self._start < self.DELAY or done >= total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), console=Console(stderr=True),
                                 transient=True, auto_refresh=False)
            self._bar.start()
            self._task = self._bar.add_task(stage, total=total)
        self._bar.update(self._task, description=stage, completed=done, total=total)
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def progress_bar() -> DelayedProgress | None:
    """Only on a terminal, never in CI."""
    if os.environ.get("CI") or not sys.stderr.isatty():
        return None
    return DelayedProgress()
