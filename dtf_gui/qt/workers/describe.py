"""How an exception reads to the user (Qt-free, so the plain job functions next to it can use it too)."""

from __future__ import annotations

from dtf_gui.core.errors import DtfError
from dtf_gui.core.messages import Message, msg, render

#: What to do after running out of memory, in English (the GUI says ``training.oom_hint`` in its language).
OOM_HINT = render(msg("training.oom_hint"), "en")


def in_gui_words(message: Message | str) -> Message | str:
    """``message`` as the GUI says it: where the core says how to allow a download on the command line
    (``models.allow_download.cli``), the GUI names its check box instead -- never a flag to type."""
    if not isinstance(message, Message) or not message.params:
        return message
    params: dict[str, object] = {}
    for key, value in message.params.items():
        if isinstance(value, Message) and value.code == "models.allow_download.cli":
            params[key] = msg("models.allow_download.gui")
        else:
            params[key] = in_gui_words(value) if isinstance(value, Message) else value
    return Message(message.code, params)


def exception_message(exc: BaseException) -> Message | str:
    """What to tell the user about ``exc``: the error's own message, plus what to do when out of memory.

    A :class:`Message` where the core gave one, so a widget can say it again in another language; other
    exceptions keep their type name, which is often the only clue.
    """
    own: Message | str = exc.message if isinstance(exc, DtfError) and exc.message else (str(exc) or type(exc).__name__)
    own = in_gui_words(own)
    try:
        import torch

        oom_types: tuple[type[BaseException], ...] = (torch.cuda.OutOfMemoryError,)
    except Exception:  # torch without CUDA support still defines it; be safe anyway
        oom_types = ()
    if isinstance(exc, oom_types + (MemoryError,)) or "out of memory" in render(own, "en").lower():
        return msg("training.with_hint", text=own, hint=msg("training.oom_hint"))
    if isinstance(exc, DtfError):
        return own
    return f"{type(exc).__name__}: {own}"


def describe_exception(exc: BaseException) -> str:
    """:func:`exception_message` as text, in the current language."""
    return render(exception_message(exc))
