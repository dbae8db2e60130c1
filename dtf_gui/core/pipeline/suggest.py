"""Defaults from the data: the input size, pipeline and training recipe a dataset calls for, and why.

A folder of 32-px icons should not be blown up to 224 px (12x the compute for no added detail), and a folder
of 640x480 photos should not be trained as the demo's 64-px thumbnails. :func:`suggest_setup` reads the
typical image size of a dataset (the median over an even sample of its train images; only image headers are
read) and its number of train images, and proposes:

- an **input size**: photos (shorter side >= :data:`PHOTO_SIDE`) get the architecture family's usual 224 px,
  medium images their own size rounded down to a multiple of 16, small images twice their size -- pretrained
  stems downsample 32x, so a 32-px image needs enlarging a little -- capped at :data:`SMALL_MAX`;
- a **pipeline**: photos get ``RandomResizedCrop`` + horizontal flip for train and ``Resize`` (to 256/224 of the
  size) + ``CenterCrop`` for val, the torchvision reference recipe; small or centred images get ``Resize`` +
  a mild ``RandomAffine`` and a flip only when the classes are not orientation-sensitive (a mirrored 2 is not
  a 2);
- a **recipe** by dataset size: with a few hundred train images and pretrained weights, a frozen backbone
  trained through the feature cache first (the train pipeline then has no random step, which the cache
  needs), thousands: a full fine-tune.

Every choice comes with its reason as a Message, printed by ``dtf config --data`` and shown by the app when a
dataset is opened ("Use suggested pipeline for 640×480 photos: 224 px").
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from dtf_gui.core.messages import Message, msg
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec, StepSpec

#: Shorter sides from this many pixels up are photos: random resized crops at the usual 224 px.
PHOTO_SIDE = 160
#: The usual input of ImageNet classifiers, and its resize side (256/224, torchvision's reference recipe).
PHOTO_SIZE = 224
#: Small images are enlarged 2x, at least to SMALL_MIN and at most to SMALL_MAX pixels a side.
SMALL_MIN = 32
SMALL_MAX = 64
#: Below this shorter side an image counts as small (enlarged 2x); from it up to PHOTO_SIDE, kept as it is.
SMALL_SIDE = 64
#: Fewer train images than this: a frozen backbone and the feature cache first.
FEW_IMAGES = 1000
#: At most this many image headers are read to find the typical size.
SAMPLE = 200
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


@dataclass(frozen=True)
class Suggestion:
    """What a dataset calls for: the pipeline document, its size, the recipe overrides, and the reasons."""

    document: PipelineDocument
    size: int
    kind: str  # "photos" | "medium" | "small"
    typical: tuple[int, int]  # median (width, height) of the sampled train images
    n_train: int
    overrides: dict[str, Any] = field(default_factory=dict)  # run-config keys (the recipe)
    reasons: tuple[Message, ...] = ()

    @property
    def headline(self) -> Message:
        """One line for a button or a log: "Use suggested pipeline for 640×480 photos: 224 px"."""
        w, h = self.typical
        return msg(f"pipeline.suggest.headline.{self.kind}", typical=f"{w}×{h}", size=self.size)


def _header_size(path: str) -> tuple[int, int] | None:
    from PIL import Image

    try:
        with Image.open(path) as img:
            return img.size
    except Exception:  # noqa: BLE001 - a broken file says nothing about the typical size
        return None


def typical_size(report: Any, sample: int = SAMPLE) -> tuple[int, int] | None:
    """Median (width, height) of an even sample of the usable train images (sizes from the scan or headers)."""
    recs = sorted(report.usable("train"), key=lambda r: r.path)
    if sample and len(recs) > sample:
        recs = [recs[i * len(recs) // sample] for i in range(sample)]
    sizes = []
    for r in recs:
        wh = (r.width, r.height) if r.width and r.height else _header_size(r.path)
        if wh is not None:
            sizes.append(wh)
    if not sizes:
        return None
    return int(statistics.median(w for w, _ in sizes)), int(statistics.median(h for _, h in sizes))


def input_size(short_side: int) -> tuple[int, str]:
    """(input size, kind) for images whose shorter side is ``short_side`` pixels."""
    if short_side >= PHOTO_SIDE:
        return PHOTO_SIZE, "photos"
    if short_side >= SMALL_SIDE:
        return max(SMALL_SIDE, short_side // 16 * 16), "medium"
    return min(SMALL_MAX, max(SMALL_MIN, -(-2 * short_side // 8) * 8)), "small"


def _tail() -> tuple[StepSpec, ...]:
    return (StepSpec("ToImage", {}), StepSpec("ToDtype", {"dtype": "float32", "scale": True}),
            StepSpec("Normalize", {"mean": list(IMAGENET_MEAN), "std": list(IMAGENET_STD)}))


def suggested_document(size: int, kind: str, *, flip: bool, deterministic_train: bool) -> PipelineDocument:
    """The train/val pipelines for ``kind`` images at ``size`` px (see the module docstring)."""
    tail = _tail()
    if kind == "photos":
        resize = max(size, round(size * 256 / 224))
        val = (StepSpec("Resize", {"size": resize}), StepSpec("CenterCrop", {"size": size}), *tail)
        if deterministic_train:
            return PipelineDocument(train=PipelineSpec(val), val=PipelineSpec(val))
        train = [StepSpec("RandomResizedCrop", {"size": size, "scale": [0.35, 1.0]})]
    else:
        square = StepSpec("Resize", {"size": [size, size]})
        val = (square, *tail)
        if deterministic_train:
            return PipelineDocument(train=PipelineSpec(val), val=PipelineSpec(val))
        train = [square, StepSpec("RandomAffine", {"degrees": 10, "translate": [0.05, 0.05], "scale": [0.9, 1.1]})]
    if flip:
        train.append(StepSpec("RandomHorizontalFlip", {"p": 0.5}))
    return PipelineDocument(train=PipelineSpec((*train, *tail)), val=PipelineSpec(val))


def suggest_setup(report: Any, *, orientation_sensitive: bool = False, pretrained: bool = True) -> Suggestion | None:
    """The suggestion for a scan report's dataset; None when no train image has a readable size.

    ``orientation_sensitive``: the classes change when mirrored (digits, text): no horizontal flip.
    ``pretrained``: ImageNet weights will be used; a frozen backbone is only proposed then.
    """
    typical = typical_size(report)
    if typical is None:
        return None
    w, h = typical
    size, kind = input_size(min(w, h))
    n_train = len(report.usable("train"))
    few = pretrained and n_train < FEW_IMAGES
    flip = not orientation_sensitive
    reasons: list[Message] = [msg(f"pipeline.suggest.size.{kind}", typical=f"{w}×{h}", size=size)]
    if kind == "photos":
        reasons.append(msg("pipeline.suggest.photos_pipeline", size=size,
                           resize=max(size, round(size * 256 / 224))))
    else:
        reasons.append(msg("pipeline.suggest.small_pipeline", size=size))
    if not few:
        reasons.append(msg("pipeline.suggest.flip") if flip else msg("pipeline.suggest.no_flip"))
    overrides: dict[str, Any]
    if few:
        overrides = {"freeze.plan": "head", "train.feature_cache": True}
        reasons.append(msg("pipeline.suggest.recipe_few", n=n_train, limit=FEW_IMAGES))
    else:
        overrides = {"freeze.plan": "full"}
        reasons.append(msg("pipeline.suggest.recipe_many", n=n_train) if pretrained
                       else msg("pipeline.suggest.recipe_scratch", n=n_train))
    doc = suggested_document(size, kind, flip=flip, deterministic_train=few)
    return Suggestion(doc, size, kind, typical, n_train, overrides, tuple(reasons))


__all__ = ["Suggestion", "input_size", "suggest_setup", "suggested_document", "typical_size"]
