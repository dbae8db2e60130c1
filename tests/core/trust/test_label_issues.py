"""The label-error finder: images filed under the wrong class come first with their true class suggested, from
k-fold on embeddings and from a trained run's val predictions; bad input says which folder and why."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from label_noise import flip_labels

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.errors import Cancelled, DataError
from dtf_gui.core.fileio import json_text
from dtf_gui.core.trust.label_issues import (
    METHOD_KFOLD,
    METHOD_RUN,
    LabelIssuesRequest,
    find_label_issues,
    suggested_class,
)

SIZE = 32


def test_moved_files_rank_first_with_their_true_class_suggested(colours: Path, tmp_path: Path,
                                                                imagenet_weights: None) -> None:
    noisy = tmp_path / "noisy"
    flips = flip_labels(colours, noisy, fraction=3 / 36, seed=1)
    assert len(flips) == 3
    found = find_label_issues(LabelIssuesRequest(noisy, image_size=SIZE), cache_dir=tmp_path / "cache")
    assert found.method == METHOD_KFOLD and found.n_images == 48
    top = found.suspects[:3]
    assert {s.path for s in top} == {str(p) for p, _, _ in flips}
    truth = {str(p): (true, given) for p, true, given in flips}
    for s in top:
        assert (s.suggested, s.given) == truth[s.path], s
        assert s.split == "train" and s.suggested_prob > s.given_prob
    scores = [s.score for s in found.suspects]
    assert scores == sorted(scores)  # worst first
    assert len(found.suspects) <= 5  # clean colour images are not flagged wholesale
    doc = json.loads(json_text(found.to_json()))
    assert doc["suspects"][0]["file"] == str(Path(top[0].path).relative_to(noisy))


def test_two_plainly_misfiled_images_of_a_small_dataset_are_flagged(colours: Path, tmp_path: Path,
                                                                    imagenet_weights: None) -> None:
    """Confident learning alone flags neither (the classes' self-confidence bar is ~0.99 here)."""
    noisy = tmp_path / "noisy"
    flips = flip_labels(colours, noisy, fraction=2 / 36, seed=1)
    found = find_label_issues(LabelIssuesRequest(noisy, image_size=SIZE), cache_dir=tmp_path / "cache")
    assert {(s.path, s.suggested) for s in found.suspects} == {(str(p), true) for p, true, _ in flips}
    assert all(s.given_prob < 0.05 for s in found.suspects)


def test_the_suggestion_is_never_the_given_class() -> None:
    assert suggested_class(np.array([0.55, 0.15, 0.30]), given=0) == 2  # flagged although still the argmax
    assert suggested_class(np.array([0.05, 0.90, 0.05]), given=0) == 1


def test_max_issues_keeps_the_worst(colours: Path, tmp_path: Path, imagenet_weights: None) -> None:
    noisy = tmp_path / "noisy"
    flip_labels(colours, noisy, fraction=3 / 36, seed=1)
    full = find_label_issues(LabelIssuesRequest(noisy, image_size=SIZE), cache_dir=tmp_path / "cache")
    cut = find_label_issues(LabelIssuesRequest(noisy, image_size=SIZE, max_issues=2), cache_dir=tmp_path / "cache")
    assert cut.suspects == full.suspects[:2] and cut.n_flagged == full.n_flagged >= 3


@pytest.fixture(scope="module")
def colour_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(dataset, run): a head-only mobilenet_v2 (ImageNet backbone, feature cache) that learnt the colours."""
    from dtf_gui.core.models.weights import weights_status
    from dtf_gui.core.training.engine import train
    from tests.core.training.tiny import tiny_config, write_tiny_folder

    if not weights_status("mobilenet_v2").available:
        pytest.skip("mobilenet_v2 ImageNet weights not installed")
    base = tmp_path_factory.mktemp("colour_run")
    data = write_tiny_folder(base / "data")
    cfg = tiny_config(data, base / "runs", random_train=False, size=SIZE, model__arch="mobilenet_v2",
                      model__weights="imagenet", freeze__plan="head", train__feature_cache=True,
                      train__epochs=3, train__lr=1e-2)
    result = train(cfg)
    assert result.history[-1]["val_acc"] == 1.0
    return data, result.run_dir


def test_run_path_flags_val_files_the_run_disagrees_with(colour_run: tuple[Path, Path]) -> None:
    data, run = colour_run
    moved = [(data / "val" / "red" / "red_1.png", data / "val" / "blue" / "red_1.png"),
             (data / "val" / "green" / "green_2.png", data / "val" / "red" / "green_2.png")]
    for src, dst in moved:
        src.rename(dst)
    try:
        found = find_label_issues(LabelIssuesRequest(data, run=run))
    finally:
        for src, dst in moved:
            dst.rename(src)
    assert found.method == METHOD_RUN and found.n_images == 12 and found.backbone == str(run)
    assert sorted((s.path, s.given, s.suggested, s.split) for s in found.suspects) == sorted(
        [(str(moved[0][1]), "blue", "red", "val"), (str(moved[1][1]), "red", "green", "val")])


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_dataset"
    with pytest.raises(DataError) as err:
        find_label_issues(LabelIssuesRequest(missing), cache_dir=tmp_path / "cache")
    assert str(missing) in str(err.value)


def test_one_class_is_refused_before_any_model_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dtf_gui.core.trust import embed
    from tests.core.training.tiny import write_tiny_folder

    data = write_tiny_folder(tmp_path / "only_red", classes=("red",), n_train=6, n_val=2, size=8)
    monkeypatch.setattr(embed, "load_backbone", lambda *a, **k: pytest.fail("the backbone was loaded"))
    with pytest.raises(DataError) as err:
        find_label_issues(LabelIssuesRequest(data), cache_dir=tmp_path / "cache")
    text = str(err.value)
    assert str(data) in text and "at least 2" in text


def test_too_few_images_for_the_folds_is_refused(tmp_path: Path) -> None:
    from tests.core.training.tiny import write_tiny_folder

    data = write_tiny_folder(tmp_path / "few", classes=("a", "b"), n_train=2, n_val=0, size=8)
    with pytest.raises(DataError) as err:
        find_label_issues(LabelIssuesRequest(data, folds=5), cache_dir=tmp_path / "cache")
    assert str(data) in str(err.value) and "10" in str(err.value)


def test_a_stop_cancels(colours: Path, tmp_path: Path) -> None:
    stop = StopToken()
    stop.stop()
    with pytest.raises(Cancelled):
        find_label_issues(LabelIssuesRequest(colours, image_size=SIZE), stop=stop, cache_dir=tmp_path / "cache")
