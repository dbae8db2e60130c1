from __future__ import annotations

import pickle
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
from datatree import make_classes, noise
from PIL import Image
from torchvision.transforms import v2

from dtf_gui.core.data.datasets import (
    BACKGROUND,
    ImageFolderDataset,
    SkippedFilesWarning,
    load_rgb,
    make_datasets,
)
from dtf_gui.core.data.scan import ScanReport, scan
from dtf_gui.core.errors import DataError

# the health tree's empty class folder is said once more where training starts: not what these tests check
pytestmark = pytest.mark.filterwarnings("ignore::dtf_gui.core.data.datasets.LeftOutClassWarning")

TRANSFORM = v2.Compose([v2.Resize((16, 16)), v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])


@pytest.fixture(scope="module")
def report(health_tree: tuple[Path, dict[str, Path]]) -> ScanReport:
    return scan(health_tree[0], workers=2)


def test_every_readable_file_yields_a_float_rgb_tensor(report: ScanReport) -> None:
    with pytest.warns(SkippedFilesWarning) as caught:
        train, val = make_datasets(report, TRANSFORM, TRANSFORM)
    assert len([w for w in caught if w.category is SkippedFilesWarning]) == 1  # ONE warning for the files
    assert len(train) == 18 and len(val) == 2
    assert train.classes == val.classes == report.classes
    for ds in (train, val):
        for i in range(len(ds)):
            x, y = ds[i]
            assert isinstance(x, torch.Tensor)
            assert x.shape == (3, 16, 16) and x.dtype == torch.float32
            assert 0.0 <= float(x.min()) and float(x.max()) <= 1.0
            assert report.classes[y] == Path(ds.paths[i]).parent.name


def test_skipped_files_are_named_in_one_warning(report: ScanReport, health_tree: tuple[Path, dict[str, Path]]) -> None:
    _, p = health_tree
    with pytest.warns(SkippedFilesWarning) as caught:
        train, val = make_datasets(report, None, None)
    text = str(caught[0].message)
    for name in ("zero", "truncated", "not_image", "bomb", "bomb2", "broken_link", "float", "fish"):
        assert str(p[name]) in text, name
        assert str(p[name]) not in train.paths + val.paths
    assert "truncated" in text and "empty" in text


def test_val_is_mapped_by_name(report: ScanReport, health_tree: tuple[Path, dict[str, Path]]) -> None:
    _, p = health_tree
    with pytest.warns(SkippedFilesWarning):
        _, val = make_datasets(report, None, None)
    # bird is missing in val and fish is unknown: indices still follow the train class list
    labels = dict(zip(val.paths, val.targets, strict=True))
    assert labels == {str(p["val_cat"]): report.classes.index("cat"), str(p["leak_val"]): report.classes.index("dog")}


def test_no_warning_for_a_clean_dataset(tmp_path: Path) -> None:
    make_classes(tmp_path, {"a": 2, "b": 2})
    rep = scan(tmp_path, val_fraction=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        train, val = make_datasets(rep, TRANSFORM, None)
    assert len(train) == 2 and len(val) == 2
    assert isinstance(val[0][0], Image.Image) and val[0][0].mode == "RGB"


def test_refuses_a_dataset_that_cannot_train(tmp_path: Path) -> None:
    make_classes(tmp_path, {"only": 2})
    with pytest.raises(DataError, match="at least 2"):
        make_datasets(scan(tmp_path), None, None)


def test_dataset_pickles_for_spawn_workers(tmp_path: Path) -> None:
    make_classes(tmp_path, {"a": 1, "b": 1})
    ds = ImageFolderDataset([(str(tmp_path / "a" / "000.png"), 0)], ["a", "b"], TRANSFORM)
    clone = pickle.loads(pickle.dumps(ds))
    assert torch.equal(clone[0][0], ds[0][0]) and clone.class_to_idx == {"a": 0, "b": 1}


# ---- load_rgb: every mode to a correct RGB image


def test_sixteen_bit_is_scaled_not_clipped(health_tree: tuple[Path, dict[str, Path]]) -> None:
    _, p = health_tree
    arr = np.asarray(load_rgb(p["mode_I16"]))
    assert arr.shape == (18, 20, 3) and arr.dtype == np.uint8
    assert tuple(arr[0, 0]) == (255, 255, 255)  # 65535
    assert tuple(arr[5, 5]) == (128, 128, 128)  # 32768 / 257, not 255
    assert tuple(np.asarray(load_rgb(p["mode_I"]))[0, 0]) == (4, 4, 4)  # 1000 / 257


def test_alpha_is_composited_on_the_background(health_tree: tuple[Path, dict[str, Path]]) -> None:
    _, p = health_tree
    arr = np.asarray(load_rgb(p["mode_RGBA"]))
    src = np.asarray(Image.open(p["mode_RGBA"]))
    assert tuple(arr[5, 5]) == BACKGROUND  # alpha 0
    assert tuple(arr[0, 0]) == tuple(src[0, 0, :3])  # alpha 255 keeps its colour
    la = np.asarray(load_rgb(p["mode_LA"])).astype(int)
    gray = np.asarray(Image.open(p["mode_LA"]))[..., 0].astype(int)
    expected = (gray * 128 + 255 * 127 + 127) // 255  # alpha 128 over white
    assert np.abs(la[..., 0] - expected).max() <= 1


def test_palette_goes_through_rgba(health_tree: tuple[Path, dict[str, Path]]) -> None:
    _, p = health_tree
    src = Image.open(p["mode_P"])
    idx = np.asarray(src)
    arr = np.asarray(load_rgb(p["mode_P"]))
    assert (arr[idx == 0] == 255).all()  # transparent index -> background
    palette = np.asarray(src.convert("RGB"))
    assert (arr[idx != 0] == palette[idx != 0]).all()


@pytest.mark.parametrize("name", ["mode_1", "mode_L", "mode_CMYK", "ok0", "tiny"])
def test_other_modes_become_rgb(health_tree: tuple[Path, dict[str, Path]], name: str) -> None:
    _, p = health_tree
    img = load_rgb(p[name])
    assert img.mode == "RGB"
    assert img.size == Image.open(p[name]).size


def test_exif_orientation_and_first_frame(health_tree: tuple[Path, dict[str, Path]]) -> None:
    _, p = health_tree
    assert load_rgb(p["rotated"]).size == (18, 24)  # stored 24×18, orientation 6 = rotate 90°
    first = np.asarray(load_rgb(p["animated"]))
    assert tuple(first[0, 0]) == (255, 0, 0)  # frame 0 is red, frame 1 blue


@pytest.mark.parametrize("name, match", [
    ("float", "float image"), ("truncated", "truncated or corrupt"), ("not_image", "not an image"),
    ("bomb", "decompression bomb"), ("bomb2", "too large"), ("broken_link", "does not exist"),
])
def test_unusable_files_raise_a_clear_error(health_tree: tuple[Path, dict[str, Path]], name: str, match: str) -> None:
    _, p = health_tree
    with pytest.raises(DataError, match=match) as info:
        load_rgb(p[name])
    assert str(p[name]) in str(info.value)


def test_rgb_is_returned_as_is(tmp_path: Path) -> None:
    src = noise(5)
    Image.fromarray(src).save(tmp_path / "x.png")
    assert np.array_equal(np.asarray(load_rgb(tmp_path / "x.png")), src)


@pytest.mark.parametrize("name", ["mode_I16", "mode_RGBA", "mode_P", "rotated", "ok0", "mode_CMYK"])
def test_load_display_is_the_loaders_conversion(health_tree: tuple[Path, dict[str, Path]], name: str) -> None:
    """What the GUI draws is what the pipeline receives: 16-bit scaled, alpha composited, EXIF applied."""
    from dtf_gui.core.data.datasets import load_display

    _, p = health_tree
    shown = load_display(p[name])
    assert shown.dtype == np.uint8 and shown.shape[2] == 3
    assert np.array_equal(shown, np.asarray(load_rgb(p[name])))
    small = load_display(p[name], 8)
    assert max(small.shape[:2]) <= 8 and small.shape[2] == 3
    if name == "rotated":
        assert small.shape[0] > small.shape[1]   # stored landscape, shown upright (portrait)


def test_load_display_refuses_what_the_loader_refuses(health_tree: tuple[Path, dict[str, Path]]) -> None:
    from dtf_gui.core.data.datasets import load_display

    with pytest.raises(DataError, match="float image"):
        load_display(health_tree[1]["float"], 96)
