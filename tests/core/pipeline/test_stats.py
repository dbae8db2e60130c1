"""Dataset statistics for Normalize: exact over every pixel, after the deterministic steps before Normalize
(random ones left out), cached per files + steps, cancellable; and the lint note that uses them."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.errors import Cancelled, PipelineError
from dtf_gui.core.pipeline.build import starter_document
from dtf_gui.core.pipeline.lint import apply_fix, lint, stats_differ
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec
from dtf_gui.core.pipeline.stats import (
    ChannelStats,
    StatsRequest,
    cached_stats,
    dataset_stats,
    stats_cache_dir,
    user_cache_dir,
)

#: Normalize receives float32 pixels (51/255 is 0.20000002 there): compared with numpy in float64 to 1e-6
IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
TAIL = (("ToImage", {}), ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", IMAGENET))


def doc_of(*train) -> PipelineDocument:
    spec = PipelineSpec.of(*train)
    return PipelineDocument(train=spec, val=spec)


def save(path: Path, arr: np.ndarray) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(arr.astype(np.uint8), "RGB").save(path)
    return path


def solid(h: int, w: int, rgb: tuple[int, int, int]) -> np.ndarray:
    return np.broadcast_to(np.array(rgb, np.uint8), (h, w, 3)).copy()


def dataset(root: Path, train: dict[str, list[np.ndarray]]) -> Path:
    """root/train/<class>/<i>.png from ``train``, plus one val image per class (never measured)."""
    for cls, images in train.items():
        for i, arr in enumerate(images):
            save(root / "train" / cls / f"{i}.png", arr)
        save(root / "val" / cls / "0.png", solid(8, 8, (7, 7, 7)))
    return root


def numpy_stats(images: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    pixels = np.concatenate([a.reshape(-1, 3) for a in images]).astype(np.float64) / 255.0
    return pixels.mean(axis=0), pixels.std(axis=0)


def stats(root: Path, doc: PipelineDocument, cache: Path, **kw) -> ChannelStats:
    return dataset_stats(StatsRequest(root, doc, **kw), cache_dir=cache)


# -- the numbers ----------------------------------------------------------------------------------------
def test_solid_colour_images_give_their_colour_and_zero_std(tmp_path: Path) -> None:
    colour = (51, 102, 204)
    root = dataset(tmp_path / "d", {"a": [solid(8, 8, colour)] * 2, "b": [solid(6, 10, colour)]})
    s = stats(root, doc_of(*TAIL), tmp_path / "cache")
    assert s.mean == pytest.approx((0.2, 0.4, 0.8), abs=1e-6) and s.std == pytest.approx((0, 0, 0), abs=1e-6)
    assert (s.n_images, s.n_pixels, s.from_cache, s.converted) == (3, 2 * 64 + 60, False, False)
    assert s.steps == ("ToImage", "ToDtype")
    with pytest.raises(PipelineError, match="almost the same value"):
        s.normalize_params()  # std 0: Normalize would divide by zero


def test_statistics_are_over_all_pixels_not_a_mean_of_image_means(tmp_path: Path) -> None:
    black, white = solid(8, 8, (0, 0, 0)), solid(8, 16, (255, 255, 255))  # 64 black, 128 white pixels
    root = dataset(tmp_path / "d", {"a": [black], "b": [white]})
    s = stats(root, doc_of(*TAIL), tmp_path / "cache")
    assert s.mean == pytest.approx((2 / 3,) * 3, abs=1e-6)  # a mean of image means would say 0.5
    assert s.std == pytest.approx((np.sqrt(2 / 9),) * 3, abs=1e-6)
    mean, std = numpy_stats([black, white])
    assert s.mean == pytest.approx(tuple(mean), abs=1e-6) and s.std == pytest.approx(tuple(std), abs=1e-6)


def test_random_pixels_match_numpy_and_a_pipeline_without_float_is_converted(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    images = [rng.integers(0, 256, (h, w, 3)) for h, w in ((9, 7), (12, 12), (5, 16))]
    root = dataset(tmp_path / "d", {"a": images[:2], "b": images[2:]})
    s = stats(root, doc_of(("Normalize", IMAGENET)), tmp_path / "cache")  # nothing before Normalize
    mean, std = numpy_stats(images)
    assert s.mean == pytest.approx(tuple(mean), abs=1e-6) and s.std == pytest.approx(tuple(std), abs=1e-6)
    assert s.converted and s.steps == () and s.n_pixels == 63 + 144 + 80


def test_random_steps_are_left_out_and_a_resize_counts(tmp_path: Path) -> None:
    checker = ((np.indices((8, 8)).sum(axis=0) % 2) * 255)[..., None].repeat(3, axis=2)  # 1-pixel squares
    tint = solid(8, 8, (200, 30, 90))
    root = dataset(tmp_path / "d", {"a": [checker], "b": [tint]})
    cache = tmp_path / "cache"
    plain = stats(root, doc_of(*TAIL), cache)
    # RandomGrayscale(p=1) would make the three channels equal; the flip is the usual augmentation
    augmented = stats(root, doc_of(("RandomHorizontalFlip", {"p": 0.5}), ("RandomGrayscale", {"p": 1.0}), *TAIL),
                      cache)
    assert augmented.mean == plain.mean and augmented.std == plain.std
    assert augmented.steps == ("ToImage", "ToDtype")
    resized = stats(root, doc_of(("Resize", {"size": [4, 4]}), *TAIL), cache)  # blurs the checkerboard
    assert resized.steps == ("Resize", "ToImage", "ToDtype") and not resized.from_cache
    assert resized.std[0] < plain.std[0] - 0.05
    after = stats(root, doc_of(*TAIL, ("RandomErasing", {"p": 1.0})), cache)  # after Normalize: not measured
    assert after.mean == plain.mean and after.from_cache


def test_excluded_classes_and_max_images(tmp_path: Path) -> None:
    root = dataset(tmp_path / "d", {"a": [solid(4, 4, (255, 0, 0))] * 4, "b": [solid(4, 4, (0, 0, 255))] * 4,
                                    "c": [solid(4, 4, (0, 255, 0))]})
    s = stats(root, doc_of(*TAIL), tmp_path / "cache", exclude_classes=("b",))
    assert s.n_images == 5 and s.mean[2] == 0.0
    few = stats(root, doc_of(*TAIL), tmp_path / "cache", max_images=3)
    assert few.n_images == 3 and few.mean[0] > 0 and few.mean[2] > 0  # spread over the classes, not 3 of "a"


# -- the cache --------------------------------------------------------------------------------------------
def test_second_call_reads_the_cache_and_a_changed_file_or_step_recomputes(tmp_path: Path) -> None:
    root = dataset(tmp_path / "d", {"a": [solid(8, 8, (10, 20, 30))], "b": [solid(8, 8, (40, 50, 60))]})
    cache = tmp_path / "cache"
    doc = doc_of(*TAIL)
    first = stats(root, doc, cache)
    files = list(stats_cache_dir(cache).glob("*.json"))
    assert not first.from_cache and len(files) == 1 and files[0].parent == cache / ".dtf_cache" / "stats"
    second = stats(root, doc, cache)
    assert second.from_cache and (second.mean, second.std, second.n_images) == (first.mean, first.std, 2)
    assert cached_stats(StatsRequest(root, doc), cache_dir=cache) == second
    # the same size, only a new time stamp: computed again
    path = root / "train" / "b" / "0.png"
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    assert not stats(root, doc, cache).from_cache
    assert stats(root, doc, cache).from_cache
    save(path, solid(8, 8, (250, 250, 250)))  # new content
    changed = stats(root, doc, cache)
    assert not changed.from_cache and changed.mean[0] == pytest.approx((10 + 250) / 2 / 255)
    other_step = doc_of(("Resize", {"size": [4, 4]}), *TAIL)
    assert cached_stats(StatsRequest(root, other_step), cache_dir=cache) is None
    assert not stats(root, other_step, cache).from_cache


def test_a_damaged_cache_entry_is_computed_again(tmp_path: Path) -> None:
    root = dataset(tmp_path / "d", {"a": [solid(4, 4, (10, 20, 30))], "b": [solid(4, 4, (40, 50, 60))]})
    cache = tmp_path / "cache"
    first = stats(root, doc_of(*TAIL), cache)
    (entry,) = stats_cache_dir(cache).glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    again = stats(root, doc_of(*TAIL), cache)
    assert not again.from_cache and again.mean == first.mean
    assert stats(root, doc_of(*TAIL), cache).from_cache


def test_user_cache_dir_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache_dir() == tmp_path / "xdg" / "dtf_gui"
    assert stats_cache_dir() == tmp_path / "xdg" / "dtf_gui" / ".dtf_cache" / "stats"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert user_cache_dir() == Path.home() / ".cache" / "dtf_gui"


def test_stop_cancels_between_images_and_saves_nothing(tmp_path: Path) -> None:
    root = dataset(tmp_path / "d", {"a": [solid(4, 4, (1, 2, 3))] * 3, "b": [solid(4, 4, (4, 5, 6))] * 3})
    token = StopToken()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        token.stop()

    with pytest.raises(Cancelled):
        dataset_stats(StatsRequest(root, doc_of(*TAIL)), stop=token, progress=progress, cache_dir=tmp_path / "c")
    assert seen == [1] and not list(stats_cache_dir(tmp_path / "c").glob("*.json"))


# -- lint: imagenet-stats-from-scratch --------------------------------------------------------------------
DARK = ChannelStats((0.1, 0.1, 0.1), (0.08, 0.08, 0.08), 10, 640)


def test_stats_differ_thresholds() -> None:
    m, s = IMAGENET["mean"], IMAGENET["std"]
    assert not stats_differ(m, s, [v + 0.09 for v in m], [v * 1.45 for v in s])
    assert stats_differ(m, s, [m[0] + 0.11, m[1], m[2]], s)
    assert stats_differ(m, s, m, [s[0], s[1] * 0.6, s[2]])
    assert stats_differ(m, s, m, [s[0], s[1], s[2] * 1.6])


def test_lint_notes_imagenet_stats_from_scratch_and_its_fix_uses_the_dataset_values() -> None:
    doc = starter_document(16)
    finding = next(f for f in lint(doc, pretrained=False, data_stats=DARK) if f.rule == "imagenet-stats-from-scratch")
    assert finding.severity == "warning" and finding.split == "train" and finding.fix is not None
    assert "0.100, 0.100, 0.100" in finding.message and "from scratch" in finding.message
    fixed = apply_fix(doc, finding)
    for split in ("train", "val"):  # train and val normalise alike
        (norm,) = [s for s in fixed.get(split) if s.name == "Normalize"]
        assert norm.params["mean"] == [0.1, 0.1, 0.1] and norm.params["std"] == [0.08, 0.08, 0.08]
    assert "imagenet-stats-from-scratch" not in {f.rule for f in lint(fixed, pretrained=False, data_stats=DARK)}


@pytest.mark.parametrize("pretrained, data_stats", [
    (True, DARK),                                                                    # pretrained: ImageNet's fit
    (None, DARK),                                                                    # unknown
    (False, None),                                                                   # no statistics yet
    (False, ChannelStats((0.5, 0.46, 0.4), (0.25, 0.2, 0.22), 10, 640)),             # close to ImageNet's
])
def test_lint_says_nothing_for_pretrained_unknown_missing_or_close_stats(pretrained, data_stats) -> None:
    findings = lint(starter_document(16), pretrained=pretrained, data_stats=data_stats)
    assert "imagenet-stats-from-scratch" not in {f.rule for f in findings}


def test_lint_note_without_fix_for_a_constant_channel() -> None:
    flat = ChannelStats((0.9, 0.9, 0.9), (0.0, 0.0, 0.0), 1, 64)
    (finding,) = [f for f in lint(starter_document(16), pretrained=False, data_stats=flat)
                  if f.rule == "imagenet-stats-from-scratch"]
    assert finding.fix is None and not finding.edits
