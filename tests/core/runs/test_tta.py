"""Test-time augmentation: the averaged probabilities, the five crops, and the use cases that apply it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).parents[2]))  # tests/: the run factory

from dtf_run_factory import make_run, write_images  # noqa: E402

from dtf_gui.core.errors import DataError  # noqa: E402
from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation  # noqa: E402
from dtf_gui.core.runs.predict import PredictRequest, predict, predict_images  # noqa: E402
from dtf_gui.core.runs.tta import tta_notes, with_tta  # noqa: E402
from dtf_gui.core.runs.tta_model import FIVE_CROP_SCALE, tta_views  # noqa: E402


def _left_looking_model() -> nn.Module:
    """A classifier that only looks at the left half of the picture: mirroring changes its answer."""
    torch.manual_seed(0)
    lin = nn.Linear(3 * 4 * 4, 3)

    class Left(nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return lin(x[..., :4].flatten(1)) * 3

    return Left().eval()


def test_flip_averages_the_probabilities_of_the_picture_and_its_mirror() -> None:
    model = _left_looking_model()
    x = torch.randn(5, 3, 4, 8)
    with torch.no_grad():
        plain = torch.softmax(model(x).double(), 1)
        mirrored = torch.softmax(model(x.flip(-1)).double(), 1)
        got = torch.softmax(with_tta(model, "flip")(x), 1)
    assert torch.allclose(got, (plain + mirrored) / 2, atol=1e-12)
    assert (got - plain).abs().max() > 0.05  # the model is asymmetric on purpose: TTA changed the answer
    assert with_tta(model, "none") is model


def test_five_crop_views_are_input_sized_crops_of_the_enlarged_picture() -> None:
    x = torch.arange(2 * 3 * 14 * 21, dtype=torch.float32).reshape(2, 3, 14, 21)
    views = tta_views(x, "five_crop")
    assert len(views) == 5 and all(v.shape == x.shape for v in views)
    big = nn.functional.interpolate(x, size=(round(14 * FIVE_CROP_SCALE), round(21 * FIVE_CROP_SCALE)),
                                    mode="bilinear", align_corners=False)
    assert big.shape[-2:] == (16, 24)
    assert torch.equal(views[0], big[..., :14, :21]) and torch.equal(views[3], big[..., 2:, 3:])  # corners
    seen = []

    class Shapes(nn.Module):
        def forward(self, v: torch.Tensor) -> torch.Tensor:
            seen.append(tuple(v.shape))
            return v.mean(dim=(2, 3))

    with_tta(Shapes(), "five_crop")(x)
    assert seen == [(2, 3, 14, 21)] * 5  # the model sees five batches of its own input size


def test_an_unknown_mode_is_refused_with_the_choices() -> None:
    with pytest.raises(DataError, match="none, flip, five_crop"):
        with_tta(nn.Identity(), "mirror")


def test_flip_on_a_run_trained_without_a_flip_gets_a_note() -> None:
    flipped = {"config": {"pipeline": {"train": [{"name": "Resize"}, {"name": "RandomHorizontalFlip"}]}}}
    plain = {"config": {"pipeline": {"train": [{"name": "Resize"},
                                               {"name": "RandomHorizontalFlip", "enabled": False}]}}}
    assert tta_notes("flip", flipped) == [] and tta_notes("five_crop", plain) == [] and tta_notes("flip", {}) == []
    assert [m.code for m in tta_notes("flip", plain)] == ["tta.flip_unseen"]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("tta")
    data = write_images(root / "data", per_class=2)
    run = root / "run"
    make_run(run, data)
    return run, data


def test_evaluate_and_predict_apply_the_chosen_tta(tiny_run) -> None:
    run, data = tiny_run
    images = sorted(str(p) for p in (data / "val").rglob("*.png"))
    plain = predict(PredictRequest(str(run), tuple(images), top_k=3, traces=False))
    flip = predict(PredictRequest(str(run), tuple(images), top_k=3, traces=False, tta="flip"))
    want = predict_images(with_tta(plain.bundle.model, "flip"), images, top_k=3,
                          transform=plain.bundle.transform, classes=plain.bundle.classes)
    assert [it.top for it in flip.items] == want
    assert [it.top for it in flip.items] != [it.top for it in plain.items]
    ev = run_evaluation(EvalRequest(str(run), str(data), split="all", tta="flip"))
    by_path = dict(zip(ev.result.paths, ev.result.probs.max(axis=1), strict=True))
    for path, top in zip(images, want, strict=True):
        assert by_path[path] == pytest.approx(top[0][1], abs=1e-6)
    assert ev.extra["tta"] == "flip"
