"""Does the pipeline's output size fit the dataset? A notice when it is far off.

Opening a new dataset keeps the pipeline that was open (the demo's 64 px, say): photos of 1024×768 would be
trained as thumbnails without a word. :func:`size_notice` compares the dataset's typical image size (from
the scan report) with the size the pipeline makes, read from its steps, and says so when they differ by
more than :data:`FACTOR`. It reads the spec (no tracing), so it is cheap enough to run on every edit.
"""

from __future__ import annotations

import statistics
from typing import Any

from dtf_gui.core.messages import Message, msg
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec

#: A notice when the typical image's shorter side and the output's differ by more than this factor.
FACTOR = 4.0
_CROPS = ("CenterCrop", "RandomCrop", "RandomResizedCrop")


def typical_size(report: Any) -> tuple[int, int] | None:
    """Median (width, height) of the usable training images of a scan report; None without sizes."""
    sizes = [(r.width, r.height) for r in report.usable("train") if r.width and r.height]
    if not sizes:
        return None
    return int(statistics.median(w for w, _ in sizes)), int(statistics.median(h for _, h in sizes))


def output_size(spec: PipelineSpec) -> tuple[int | None, tuple[int, int] | None, int | None]:
    """(shorter side, (h, w) if fixed, index of the step that sets it) of what ``spec`` outputs.

    The last enabled Resize or crop decides; ``Resize(size=n)`` sets the shorter side only. All None when no
    step sets a size (the output follows the input).
    """
    short: int | None = None
    fixed: tuple[int, int] | None = None
    where: int | None = None
    for i, step in spec.enabled_steps():
        if step.name != "Resize" and step.name not in _CROPS:
            continue
        size = step.params.get("size")
        if isinstance(size, list) and len(size) == 1:
            size = size[0]
        if isinstance(size, int) and not isinstance(size, bool):
            fixed = None if step.name == "Resize" else (size, size)
            short, where = size, i
        elif isinstance(size, list) and len(size) == 2 and all(isinstance(v, int) for v in size):
            fixed, short, where = (size[0], size[1]), min(size), i
    return short, fixed, where


def size_notice(report: Any, doc: PipelineDocument, factor: float = FACTOR) -> Message | None:
    """A notice when the dataset's typical image and the pipeline's output differ by more than ``factor``.

    The val pipeline is read (the size the model is scored at), the train one when val sets no size.
    """
    if report is None:
        return None
    typical = typical_size(report)
    if typical is None:
        return None
    for split in ("val", "train"):
        short, fixed, where = output_size(doc.get(split))
        if short is not None and where is not None:
            break
    else:
        return None
    w, h = typical
    ratio = min(w, h) / max(short, 1)
    if 1 / factor <= ratio <= factor:
        return None
    out = f"{fixed[1]}×{fixed[0]}" if fixed is not None and fixed[0] != fixed[1] else str(short)
    code = "pipeline.size_notice.smaller" if ratio > factor else "pipeline.size_notice.larger"
    step = doc.get(split)[where]
    return msg(code, typical=f"{w}×{h}", out=out, ratio=f"{max(ratio, 1 / ratio):.0f}",
               split=msg(f"lint.split.{split}"), step=where + 1, name=step.name)
