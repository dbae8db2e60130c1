"""How an exception reads to the user (Qt-free, so the plain job functions next to it can use it too)."""

from __future__ import annotations

from dtf_gui.core.errors import DtfError

OOM_HINT = ("The device ran out of memory. Lower the batch size (or the image size in the pipeline), "
            "choose a smaller model, or use mixed precision, then start again.")


def describe_exception(exc: BaseException) -> str:
    """The error's own text (a DtfError renders in the current language), plus what to do when out of memory;
    other exceptions keep their type name, which is often the only clue."""
    text = str(exc) or type(exc).__name__
    try:
        import torch

        oom_types: tuple[type[BaseException], ...] = (torch.cuda.OutOfMemoryError,)
    except Exception:  # torch without CUDA support still defines it; be safe anyway
        oom_types = ()
    if isinstance(exc, oom_types + (MemoryError,)) or "out of memory" in text.lower():
        return f"{text}\n\n{OOM_HINT}"
    if isinstance(exc, DtfError):
        return text
    return f"{type(exc).__name__}: {text}"
