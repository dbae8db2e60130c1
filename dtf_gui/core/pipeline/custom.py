"""dtf_gui's own cleaning steps, written as real ``torchvision.transforms.v2.Transform`` subclasses.

They live in a module (not as lambdas) so that a built pipeline pickles: DataLoader workers started with
``spawn`` receive the transform by pickling it. Like the v2 transforms, each keeps its constructor
keywords as same-named public attributes, so codegen and the GUI can read them back.
"""

from __future__ import annotations

from typing import Any

import PIL.Image
import torch
import torch.nn.functional as F
from PIL import ImageFilter
from torchvision import tv_tensors
from torchvision.transforms import v2

from dtf_gui.core.messages import msg

#: PIL modes ConvertMode offers; the ones a user meets in real datasets (see the scan report's mode notes).
PIL_MODES: tuple[str, ...] = ("RGB", "L", "RGBA", "LA", "CMYK", "P", "1", "I", "F")

# non-image tv_tensors pass through untouched (KeyPoints only exists in newer torchvision)
_NOT_IMAGES: tuple[type, ...] = tuple(
    getattr(tv_tensors, n) for n in ("BoundingBoxes", "Mask", "KeyPoints") if hasattr(tv_tensors, n)
)


class MedianFilter(v2.Transform):
    """Median-filter denoise with a ``size`` × ``size`` window (salt-and-pepper noise, scanner specks).

    Works on PIL images (``PIL.ImageFilter.MedianFilter``) and on image tensors (``[..., C, H, W]``,
    any dtype, edges reflected), so it can sit before or after the conversion to a tensor.

    Parameters
    ----------
    size : int
        Odd window size, at least 3.
    """

    def __init__(self, size: int = 3) -> None:
        super().__init__()
        if isinstance(size, bool) or not isinstance(size, int) or size < 3 or size % 2 == 0:
            raise ValueError(msg("pipeline.custom.median_size", size=repr(size)))
        self.size = size

    def transform(self, inpt: Any, params: dict[str, Any]) -> Any:
        if isinstance(inpt, PIL.Image.Image):
            return inpt.filter(ImageFilter.MedianFilter(self.size))
        if isinstance(inpt, _NOT_IMAGES):
            return inpt
        if isinstance(inpt, torch.Tensor):
            out = _median_tensor(inpt.as_subclass(torch.Tensor), self.size)
            return tv_tensors.wrap(out, like=inpt) if isinstance(inpt, tv_tensors.TVTensor) else out
        return inpt

    def extra_repr(self) -> str:
        return f"size={self.size}"


def _median_tensor(image: torch.Tensor, size: int) -> torch.Tensor:
    """Median over a size×size window of the last two dims; values stay exact for integer dtypes."""
    if image.ndim < 2:
        raise ValueError(f"MedianFilter needs an image tensor [..., H, W], got shape {tuple(image.shape)}")
    shape = image.shape
    h, w = shape[-2], shape[-1]
    x = image.reshape(-1, 1, h, w)
    x = x if x.is_floating_point() else x.to(torch.float32)
    r = size // 2
    # reflect needs the pad smaller than the side; tiny images fall back to repeating the edge
    mode = "reflect" if h > r and w > r else "replicate"
    x = F.pad(x, (r, r, r, r), mode=mode)
    patches = F.unfold(x, kernel_size=size)  # [N, size*size, H*W]
    med = patches.median(dim=1).values.reshape(shape)
    return med.to(image.dtype)


class ConvertMode(v2.Transform):
    """Convert a PIL image to another PIL mode (``"RGB"``, ``"L"``, ...), like ``Image.convert(mode)``.

    Only PIL images have modes: on a tensor this step raises a TypeError that says to move it before
    ToImage / ToTensor, rather than silently doing nothing.

    Parameters
    ----------
    mode : str
        Target PIL mode, one of :data:`PIL_MODES`.
    """

    def __init__(self, mode: str = "RGB") -> None:
        super().__init__()
        if mode not in PIL_MODES:
            raise ValueError(msg("pipeline.custom.bad_mode", modes=", ".join(PIL_MODES), mode=repr(mode)))
        self.mode = mode

    def transform(self, inpt: Any, params: dict[str, Any]) -> Any:
        if isinstance(inpt, PIL.Image.Image):
            return inpt if inpt.mode == self.mode else inpt.convert(self.mode)
        if isinstance(inpt, _NOT_IMAGES):
            return inpt
        raise TypeError(msg("pipeline.custom.convert_mode_needs_pil", mode=repr(self.mode), got=type(inpt).__name__))

    def extra_repr(self) -> str:
        return f"mode={self.mode!r}"
