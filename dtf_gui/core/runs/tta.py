"""Test-time augmentation (TTA): average the model's probabilities over a few views of each image.

``"flip"`` averages the image and its mirror image; ``"five_crop"`` averages five crops -- the four corners
and the centre -- each of the model's input size, cut from the val pipeline's output enlarged by
``FIVE_CROP_SCALE`` (256/224, bilinear; :mod:`.tta_model`): each crop sees 87.5 % of the picture's width and height, the
ratio of torchvision's ImageNet evaluation (resize to 256, crop 224). Deriving the crops from the val
pipeline's *output* works for every pipeline (a plain resize, a resize and centre crop, any size) without
reading its steps, and bilinear resizing is linear, so enlarging the normalised tensor equals normalising
the enlarged picture.

The wrapped model (:func:`with_tta`) returns the LOG of the averaged probabilities, as an ensemble does
(:mod:`.ensemble_model`): evaluation and prediction apply a softmax to what a model returns, and the softmax
of log-probabilities is those probabilities. So ``dtf eval``, ``dtf predict``, the Evaluate and Predict views
and the bundle's predict.py (which repeats :mod:`.tta_model` in plain torch) give the same numbers.

Flip TTA is the user's choice, never refused; when the run's train pipeline had no horizontal flip the model
never saw a mirrored picture, and :func:`tta_notes` says so (a mirrored "2" or a mirrored text may not be
the same class).
"""

from __future__ import annotations

from typing import Any

from dtf_gui.core.errors import DataError
from dtf_gui.core.messages import Message, msg

#: ``--tta`` values: no augmentation, horizontal flip (2 views), five crops (5 views)
TTA_MODES = ("none", "flip", "five_crop")
FLIP_STEPS = frozenset({"RandomHorizontalFlip"})


def check_tta(mode: str) -> str:
    """``mode`` when it is one of :data:`TTA_MODES`; DataError naming the choices otherwise."""
    if mode not in TTA_MODES:
        raise DataError(msg("tta.unknown", mode=repr(mode), choices=", ".join(TTA_MODES)))
    return mode


def with_tta(model: Any, mode: str) -> Any:
    """``model`` itself for "none"; else a module averaging its probabilities over ``mode``'s views."""
    if check_tta(mode) == "none":
        return model
    from dtf_gui.core.runs.tta_model import TTAModel  # lazy: torch at import time

    return TTAModel(model, mode)


def _train_steps(info: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The enabled steps of the run's train pipeline, or None when the model's info does not carry it."""
    config = info.get("config")
    pipeline = config.get("pipeline") if isinstance(config, dict) else None
    train = pipeline.get("train") if isinstance(pipeline, dict) else None
    if not isinstance(train, list):
        return None
    return [s for s in train if isinstance(s, dict) and s.get("enabled", True)]


def tta_notes(mode: str, info: dict[str, Any]) -> list[Message]:
    """What the user should know about ``mode`` for this model: flip TTA on a run trained without a flip."""
    if mode != "flip":
        return []
    steps = _train_steps(info)
    if steps is None or any(s.get("name") in FLIP_STEPS for s in steps):
        return []
    return [msg("tta.flip_unseen")]


__all__ = ["TTA_MODES", "check_tta", "tta_notes", "with_tta"]
