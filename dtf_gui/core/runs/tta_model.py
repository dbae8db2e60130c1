"""The test-time augmentation module (see :mod:`.tta`): imported lazily, it needs torch at import time.

It imports nothing from :mod:`.tta` (which imports it lazily): the mode was checked there.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

#: five_crop: input-sized crops of the val pipeline's output enlarged by this factor (torchvision's 256/224)
FIVE_CROP_SCALE = 256 / 224


def tta_views(x: torch.Tensor, mode: str) -> list[torch.Tensor]:
    """The views of a batch ``x`` [B, C, H, W] that ``mode`` averages over, each of the same shape as ``x``."""
    if mode == "none":
        return [x]
    if mode == "flip":
        return [x, x.flip(-1)]
    from torchvision.transforms.v2.functional import five_crop

    h, w = int(x.shape[-2]), int(x.shape[-1])
    big = F.interpolate(x, size=(round(h * FIVE_CROP_SCALE), round(w * FIVE_CROP_SCALE)), mode="bilinear",
                        align_corners=False)
    return list(five_crop(big, [h, w]))


class TTAModel(nn.Module):
    """``log(mean over views of softmax(model(view)))`` (float64); an ensemble's inputs get the same views."""

    def __init__(self, model: nn.Module, mode: str) -> None:
        super().__init__()
        self.model = model
        self.mode = mode

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        per_input = [tta_views(x, self.mode) for x in xs]
        total = None
        for view in zip(*per_input, strict=True):
            p = torch.softmax(self.model(*view).double(), dim=1)
            total = p if total is None else total + p
        assert total is not None
        probs = total / len(per_input[0])
        return torch.log(probs.clamp_min(torch.finfo(probs.dtype).tiny))


__all__ = ["FIVE_CROP_SCALE", "TTAModel", "tta_views"]
