"""Near-duplicates by similarity (core.trust.similar): planted edited copies are grouped by kind, distinct
images are not, the thresholds hold, stop cancels, the approximate index finds the same groups."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.data.scan import scan
from dtf_gui.core.errors import Cancelled, ConfigError
from dtf_gui.core.messages import render
from dtf_gui.core.models.weights import weights_status
from dtf_gui.core.trust import similar
from dtf_gui.core.trust.similar import SimilarRequest, find_similar, similar_findings
from tests.core.trust.near_copies import write_near_copies

needs_weights = pytest.mark.skipif(not weights_status("mobilenet_v2").available,
                                   reason="mobilenet_v2 ImageNet weights are not installed")


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[tuple[str, str]]], Path]:
    root = tmp_path_factory.mktemp("near") / "data"
    pairs = write_near_copies(root)
    return root, pairs, tmp_path_factory.mktemp("cache")


def _request(root: Path, **kw: object) -> SimilarRequest:
    return SimilarRequest(root, image_size=32, **kw)  # type: ignore[arg-type]


def _group_of(report: similar.SimilarReport, path: str) -> similar.SimilarGroup | None:
    return next((g for g in report.groups if path in g.paths), None)


def _assert_planted_groups(report: similar.SimilarReport, pairs: dict[str, list[tuple[str, str]]]) -> None:
    for kind, found in pairs.items():
        for original, copy in found:
            g = _group_of(report, original)
            assert g is not None, f"{Path(copy).name} ({kind}) was not found"
            assert sorted(g.paths) == sorted([original, copy]), g.paths  # nothing else joined it
            assert g.kind == kind
    planted_files = {p for found in pairs.values() for pair in found for p in pair}
    assert {p for g in report.groups for p in g.paths} == planted_files  # distinct images are in no group


@needs_weights
def test_planted_copies_are_grouped_by_kind_and_distinct_images_are_not(planted: tuple) -> None:
    root, pairs, cache = planted
    report = find_similar(_request(root), cache_dir=cache)
    _assert_planted_groups(report, pairs)
    leak = _group_of(report, pairs["leak"][0][0])
    assert leak is not None and leak.splits == ["train", "val"] and leak.labels == ["a", "a"]
    assert report.n_images == 22 and report.method == "exact" and report.images_per_second > 0
    assert report.to_json()["counts"] == {"label_conflict": 1, "leak": 2, "within_split": 3}


def test_the_fingerprint_alone_needs_no_backbone(planted: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    root, pairs, cache = planted
    monkeypatch.setattr("dtf_gui.core.trust.embed.load_backbone", lambda *a, **k: pytest.fail("backbone loaded"))
    report = find_similar(_request(root, use_embeddings=False), cache_dir=cache)
    _assert_planted_groups(report, pairs)
    assert report.threshold is None and report.backbone == ""


@needs_weights
def test_thresholds_are_respected(planted: tuple) -> None:
    root, pairs, cache = planted
    base = find_similar(_request(root), cache_dir=cache)
    original, copy = pairs["leak"][0]
    pair = next(p for p in base.pairs if {p.a, p.b} == {original, copy})
    assert pair.similarity is not None and pair.fingerprint is not None
    above = find_similar(_request(root, threshold=min(1.0, pair.similarity + 1e-4)), cache_dir=cache)
    assert _group_of(above, original) is None
    assert all(p.similarity >= pair.similarity + 1e-4 for p in above.pairs)  # type: ignore[operator]
    just_below = find_similar(_request(root, threshold=pair.similarity - 1e-4), cache_dir=cache)
    assert _group_of(just_below, original) is not None
    strict = find_similar(_request(root, hash_threshold=min(1.0, pair.fingerprint + 1e-4)), cache_dir=cache)
    assert _group_of(strict, original) is None
    # features alone at a low threshold group what the fingerprint keeps apart: the gate matters
    loose = find_similar(_request(root, use_hash=False, threshold=0.05), cache_dir=cache)
    assert len({p for g in loose.groups for p in g.paths}) > len({p for g in base.groups for p in g.paths})


@needs_weights
def test_stop_cancels(planted: tuple, tmp_path: Path) -> None:
    root, _pairs, _cache = planted
    token = StopToken()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        token.stop()

    with pytest.raises(Cancelled):  # stopped while computing the features
        find_similar(_request(root, batch_size=4), stop=token, progress=progress, cache_dir=tmp_path)
    assert seen and seen[-1][0] < seen[-1][1]
    assert not list(tmp_path.rglob("*.npz"))  # nothing cached from a stopped run


def test_stop_cancels_the_fingerprints(planted: tuple) -> None:
    root, _pairs, cache = planted
    token = StopToken()
    token.stop()
    with pytest.raises(Cancelled):
        find_similar(_request(root, use_embeddings=False), stop=token, cache_dir=cache)
    token = StopToken()
    calls = []
    with pytest.raises(Cancelled):  # stopped between blocks of the pair search
        monkey = similar.BLOCK_ENTRIES
        try:
            similar.BLOCK_ENTRIES = 22  # one row a block
            find_similar(_request(root, use_embeddings=False), stop=token, cache_dir=cache,
                         progress=lambda d, t: (calls.append(d), token.stop() if d >= t else None))
        finally:
            similar.BLOCK_ENTRIES = monkey
    assert calls and calls[-1] == 22


def _brute_knn(vectors: np.ndarray, queries: list[np.ndarray], k: int) -> np.ndarray:
    """What an approximate index returns at best: each row's k nearest neighbours (cosine)."""
    v = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    out = []
    for q in [v, *queries]:
        nn = np.argsort(-(q @ v.T), axis=1)[:, :k]
        out.append(np.column_stack([np.repeat(np.arange(len(q)), k), nn.ravel()]))
    return similar._unique_pairs(np.concatenate(out))


@pytest.mark.parametrize("use_embeddings", [False, pytest.param(True, marks=needs_weights)])
def test_above_the_exact_limit_an_approximate_index_finds_the_same_groups(
        planted: tuple, monkeypatch: pytest.MonkeyPatch, use_embeddings: bool) -> None:
    root, pairs, cache = planted
    dims = []
    monkeypatch.setattr(similar, "knn_candidates",
                        lambda v, q, k: dims.append(v.shape[1]) or _brute_knn(v, q, 3))
    report = find_similar(_request(root, use_embeddings=use_embeddings, exact_limit=10), cache_dir=cache)
    assert report.method == "approximate"
    assert dims == [similar.FINGERPRINT_SIDE ** 2]  # neighbours by the signal that decides: the fingerprint
    _assert_planted_groups(report, pairs)


def test_without_pynndescent_the_exact_search_runs(planted: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    root, pairs, cache = planted
    monkeypatch.setitem(sys.modules, "pynndescent", None)  # import fails
    report = find_similar(_request(root, use_embeddings=False, exact_limit=10), cache_dir=cache)
    assert report.method == "exact"
    _assert_planted_groups(report, pairs)


def test_groups_become_scan_findings_and_exact_copies_are_left_to_the_scan(tmp_path: Path) -> None:
    root = tmp_path / "data"
    pairs = write_near_copies(root)
    shutil.copyfile(root / "train/a/a3.png", root / "val/a/a3_same.png")  # byte-identical: the scan's finding
    report = scan(root)
    assert any(f.code == "leakage" for f in report.findings)
    found = find_similar(SimilarRequest(root, report=report, use_embeddings=False))
    findings = similar_findings(found, report)
    by_code: dict[str, list] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    assert sorted(len(v) for v in by_code.values()) and set(by_code) == {
        "near_leakage", "near_label_conflict", "near_duplicate"}
    assert len(by_code["near_leakage"]) == 2 and len(by_code["near_duplicate"]) == 3
    leak_paths = sorted(p for f in by_code["near_leakage"] for p in f.paths)
    assert leak_paths == sorted(p for pair in pairs["leak"] for p in pair)
    assert all(f.level == "warning" for f in by_code["near_leakage"] + by_code["near_label_conflict"])
    assert {f.level for f in by_code["near_duplicate"]} == {"note"}
    assert all(str(root / "val/a/a3_same.png") not in f.paths for f in findings)
    doc = findings[0].to_json()
    assert doc["msg"]["code"].startswith("similar.") and "similarity" in doc["message"]
    assert "a2_crop.png" in by_code["near_label_conflict"][0].message
    dup = next(f for f in by_code["near_duplicate"] if f.split == "train")
    assert "训练集" in render(dup.msg, "zh_CN") and "in train" in render(dup.msg, "en")  # the split, translated


@pytest.mark.parametrize("kw", [{"threshold": 0.0}, {"threshold": 1.5}, {"hash_threshold": -1},
                                {"use_hash": False, "use_embeddings": False}])
def test_bad_settings_are_refused_by_name(tmp_path: Path, kw: dict) -> None:
    with pytest.raises(ConfigError) as err:
        find_similar(SimilarRequest(tmp_path, **kw), cache_dir=tmp_path)
    assert str(err.value)
