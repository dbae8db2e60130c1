"""Errors for end users.

Every message names what is wrong (the file, the step, the field) and says what to do about it. An error
is raised with a :class:`~dtf_gui.core.messages.Message` (a code plus parameters) where the text has been
moved into the catalogue, or with a plain English string where it has not yet; ``str(error)`` renders it in
the current language (:func:`dtf_gui.core.messages.set_language`), ``error.render(lang)`` in any.
"""

from __future__ import annotations

from pathlib import Path

from dtf_gui.core.messages import Message, render


class DtfError(Exception):
    """Base of all errors dtf_gui raises on purpose; the message is written for the user."""

    def __init__(self, message: Message | str = "", *args: object) -> None:
        super().__init__(message, *args)
        self.message = message

    def render(self, language: str | None = None) -> str:
        return render(self.message, language)

    def __str__(self) -> str:
        return self.render()


class DataError(DtfError):
    """A dataset folder or image cannot be used as asked."""

    def __init__(self, message: Message | str, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.path = None if path is None else str(path)


class PipelineError(DtfError):
    """A pipeline document or one of its steps is invalid.

    ``step_index`` is 0-based; the message shows it 1-based ("step 3 (Normalize)").
    """

    def __init__(
        self,
        message: Message | str,
        *,
        split: str | None = None,
        step_index: int | None = None,
        step_name: str | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(message)
        self.split = split
        self.step_index = step_index
        self.step_name = step_name
        self.param = param


class ConfigError(DtfError):
    """A run configuration has a bad value; ``field`` is its dotted key (``train.lr``)."""

    def __init__(self, message: Message | str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ModelError(DtfError):
    """An architecture, head or freeze plan cannot be applied."""


class WeightsError(DtfError):
    """Pretrained or saved weights cannot be found, verified or loaded safely."""


class TrainingError(DtfError):
    """Training cannot start or continue (no classes, out of memory, bad resume folder...)."""


class ExportError(DtfError):
    """A bundle cannot be written or read."""


class Cancelled(DtfError):
    """A long job stopped because the user asked it to."""
