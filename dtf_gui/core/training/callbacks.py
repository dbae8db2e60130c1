"""How the engine reports progress: a Protocol of five plain methods.

The Qt worker adapts them to signals, the CLI to a progress bar, tests to lists. Batch events arrive at
most ~20 times a second (``batches.csv`` still logs every batch). Callbacks run in the training thread:
keep them quick and never touch widgets from them. ``on_message`` gets a status line as a
:class:`~dtf_gui.core.messages.Message` (or a plain string): ``str()`` renders it in the current language, and a
GUI keeps the Message to say it again after a language switch.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from dtf_gui.core.messages import Message
from dtf_gui.core.training.events import BatchEnded, EpochEnded, RunEnded, RunStarted


@runtime_checkable
class Callbacks(Protocol):
    def on_run_start(self, e: RunStarted) -> None: ...
    def on_batch_end(self, e: BatchEnded) -> None: ...
    def on_epoch_end(self, e: EpochEnded) -> None: ...
    def on_run_end(self, e: RunEnded) -> None: ...
    def on_message(self, text: Message | str) -> None: ...


class BaseCallbacks:
    """Does nothing; subclass and override only what you need."""

    def on_run_start(self, e: RunStarted) -> None:
        pass

    def on_batch_end(self, e: BatchEnded) -> None:
        pass

    def on_epoch_end(self, e: EpochEnded) -> None:
        pass

    def on_run_end(self, e: RunEnded) -> None:
        pass

    def on_message(self, text: Message | str) -> None:
        pass


class RecordingCallbacks(BaseCallbacks):
    """Keeps every event in lists (tests, notebooks)."""

    def __init__(self) -> None:
        self.started: list[RunStarted] = []
        self.batches: list[BatchEnded] = []
        self.epochs: list[EpochEnded] = []
        self.ended: list[RunEnded] = []
        self.messages: list[Message | str] = []

    def on_run_start(self, e: RunStarted) -> None:
        self.started.append(e)

    def on_batch_end(self, e: BatchEnded) -> None:
        self.batches.append(e)

    def on_epoch_end(self, e: EpochEnded) -> None:
        self.epochs.append(e)

    def on_run_end(self, e: RunEnded) -> None:
        self.ended.append(e)

    def on_message(self, text: Message | str) -> None:
        self.messages.append(text)


class CallbackList(BaseCallbacks):
    """Fans events out to several callbacks; objects may implement only some of the methods."""

    def __init__(self, callbacks: Iterable[object] = ()) -> None:
        self.callbacks = [c for c in callbacks if c is not None]

    def _call(self, name: str, arg: object) -> None:
        for cb in self.callbacks:
            method = getattr(cb, name, None)
            if method is not None:
                method(arg)

    def on_run_start(self, e: RunStarted) -> None:
        self._call("on_run_start", e)

    def on_batch_end(self, e: BatchEnded) -> None:
        self._call("on_batch_end", e)

    def on_epoch_end(self, e: EpochEnded) -> None:
        self._call("on_epoch_end", e)

    def on_run_end(self, e: RunEnded) -> None:
        self._call("on_run_end", e)

    def on_message(self, text: Message | str) -> None:
        self._call("on_message", text)
