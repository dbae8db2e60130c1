"""Grad-CAM: where in the image the model looked for the class it answered (or any class asked about).

The map is drawn on the image the model actually saw: the model's own val pipeline is split at its (last)
``Normalize``; the steps before it (resize, crop, ToImage, ToDtype) make ``shown``, and the steps from the
Normalize on make the model's input from that same object. So a 90x70 photo resized and centre-cropped to 64x64
gets a 64x64 map over those 64x64 pixels, not over the photo the user dropped.

The target layer is the zoo's ``ArchInfo.cam_layer`` (the last convolutional block before global pooling) and the
maps come from the ``pytorch_grad_cam`` package (imported when first needed: it imports OpenCV and matplotlib,
which the app's start must not pay for). Two things are done around it so that a CAM costs about one forward pass:
the target layer's output is detached and made the only thing that needs a gradient (the backward pass stops
there instead of running back to the input), and the weights are frozen for the call. The caller's model is
left as it was found (training flag, ``requires_grad``, gradients, hooks).

Prediction's cached model (:func:`~dtf_gui.core.runs.predict.load_predictor_cached`) may be predicting in another
thread while a map is computed; hooks on it would see that thread's forward passes. Maps are therefore computed on
a private frozen copy of it, one map at a time.
"""

from __future__ import annotations

import copy
import io
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import Cancelled, DataError, ModelError
from dtf_gui.core.fileio import display_name, file_kind
from dtf_gui.core.messages import Message, msg

#: Saliency methods offered (all gradient-based: one forward and a short backward per image).
METHODS: tuple[str, ...] = ("gradcam", "gradcam++", "hirescam", "xgradcam", "layercam")
#: What an overlay file is called: ``<image stem>_cam.png`` (``_cam-1.png``... when taken).
SUFFIX = "_cam"


@dataclass(frozen=True)
class CamRequest:
    """Which model (a run folder or single-model bundle) and images, and which class to explain.

    ``target`` is a class index; None explains each image's predicted class.
    """

    model_path: str
    images: tuple[str, ...]
    which: str = "best"
    target: int | None = None
    method: str = "gradcam"
    device: str = "cpu"


@dataclass
class TensorCam:
    """The map of one model input: ``heat`` float32 HxW in [0, 1] over the input's pixels, the class explained,
    its softmax probability, and a note when the map cannot say much (a 1x1 feature map, no evidence)."""

    heat: np.ndarray
    class_index: int
    probability: float
    note: Message | None = None


@dataclass
class CamResult:
    """One image: the class explained, the map, the image the model saw (``shown``: the val pipeline's output
    just before Normalize, as uint8 HxWx3) and both blended (``overlay``, the same size as ``shown``)."""

    path: str
    class_index: int
    class_name: str
    probability: float
    heat: np.ndarray
    shown: np.ndarray
    overlay: np.ndarray
    note: Message | None = None


# -- one model input ----------------------------------------------------------------------------------------


def _method_class(method: str) -> Any:
    import pytorch_grad_cam as pgc  # lazy: imports cv2 and matplotlib

    table = {"gradcam": pgc.GradCAM, "gradcam++": pgc.GradCAMPlusPlus, "hirescam": pgc.HiResCAM,
             "xgradcam": pgc.XGradCAM, "layercam": pgc.LayerCAM}
    try:
        return table[method]
    except KeyError:
        raise ModelError(msg("cam.unknown_method", method=repr(method), names=", ".join(METHODS))) from None


def _target_layer(model: Any, arch: str) -> tuple[Any, str]:
    from dtf_gui.core.models.zoo import arch_info

    path = arch_info(arch).cam_layer
    try:
        return model.get_submodule(path), path
    except AttributeError:
        raise ModelError(msg("cam.no_layer", arch=arch, layer=path)) from None


def _check_target(target: int | None, classes: Sequence[str]) -> None:
    n = len(classes)
    if target is not None and (isinstance(target, bool) or not isinstance(target, int) or not 0 <= target < n):
        names = ", ".join(f"{i} {c}" for i, c in enumerate(classes[:12])) + (", …" if n > 12 else "")
        raise ModelError(msg("cam.bad_target", target=target, n=n, last=n - 1, names=names))


def cam_for_tensor(model: Any, arch: str, x: Any, target: int | None = None, *,
                   method: str = "gradcam", class_name: str | None = None) -> TensorCam:
    """The Grad-CAM map of model input ``x`` (1xCxHxW or CxHxW, normalised as the model expects) for class
    ``target`` (None: the predicted class), at ``x``'s height and width.

    For callers that already hold the input (the mistakes gallery, the bench). Hooks are put on ``model`` for
    the call and removed after; do not let another thread run the same model meanwhile.
    """
    import torch

    cam_class = _method_class(method)
    layer, layer_path = _target_layer(model, arch)
    x = x if x.dim() == 4 else x[None]
    x = x[:1].to(next(model.parameters()).device)
    was_training = model.training
    saved = [(p, p.requires_grad, p.grad) for p in model.parameters()]

    def leaf(_module: Any, _args: Any, output: Any) -> Any:
        # the only tensor that needs a gradient: the backward pass ends here, not at the input
        if not isinstance(output, torch.Tensor) or output.dim() != 4:
            raise ModelError(msg("cam.not_spatial", layer=layer_path, arch=arch,
                                 shape=tuple(getattr(output, "shape", ()))))
        return output.detach().requires_grad_(True)

    handle = layer.register_forward_hook(leaf)  # before the CAM's hooks, so they see the leaf
    cam = None
    try:
        for p, _, _ in saved:
            p.requires_grad_(False)
        with torch.inference_mode(False), torch.enable_grad():
            from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

            cam = cam_class(model=model, target_layers=[layer])
            targets = None if target is None else [ClassifierOutputTarget(int(target))]
            cam(input_tensor=x, targets=targets)  # the forward and backward passes; the map is made below
            probs = torch.softmax(cam.outputs.detach().double(), dim=1)[0]
            index = int(probs.argmax()) if target is None else int(target)
            acts = cam.activations_and_grads.activations[0].numpy()
            grads = cam.activations_and_grads.gradients[0].numpy()
            raw = cam.get_cam_image(x, layer, [ClassifierOutputTarget(index)], acts, grads)[0]
    finally:
        if cam is not None:
            cam.activations_and_grads.release()
        handle.remove()
        for p, flag, grad in saved:
            p.requires_grad_(flag)
            p.grad = grad
        model.train(was_training)
    heat = _scaled(raw, x.shape[-2], x.shape[-1])
    fmap = acts.shape[-2:]
    note = None
    if fmap[0] * fmap[1] <= 1:
        note = msg("cam.too_small", size=f"{x.shape[-1]}×{x.shape[-2]}", layer=layer_path, h=fmap[0], w=fmap[1])
    elif float(heat.max()) <= 0.0:
        note = msg("cam.no_evidence", name=class_name if class_name is not None else index)
    return TensorCam(heat, index, float(probs[index]), note)


def _scaled(raw: np.ndarray, height: int, width: int) -> np.ndarray:
    """The positive part of a raw map, min-max scaled to [0, 1] and resized to the input (bilinear).

    grad-cam's own scaling divides by ``max + 1e-7``, which flattens maps whose raw values are small (a model with
    small logits gives values near 1e-8 and a map that peaks at 0.1); here the scale is relative.
    """
    raw = np.maximum(np.nan_to_num(raw.astype(np.float64)), 0.0)
    span = float(raw.max() - raw.min())
    heat = ((raw - raw.min()) / span if span > 0 else np.zeros_like(raw)).astype(np.float32)
    if heat.shape != (height, width):
        import cv2  # lazy: grad-cam's own dependency, and what it resizes with

        heat = cv2.resize(heat, (width, height), interpolation=cv2.INTER_LINEAR)
    return np.clip(heat, 0.0, 1.0)


# -- drawing ----------------------------------------------------------------------------------------------------


def blend(shown: np.ndarray, heat: np.ndarray, strength: float = 0.6) -> np.ndarray:
    """``heat`` (HxW in [0, 1]) as a JET colour map over ``shown`` (uint8 HxWx3), its opacity following the heat.

    grad-cam's ``show_cam_on_image`` paints every pixel half colour map, so a dark image (the demo digits) drowns
    under the blue; here a cold pixel keeps the image (a light tint) and a hot one is mostly colour, so the user
    sees *which part of the image* lights up.
    """
    import cv2  # lazy: grad-cam's own dependency

    h = np.clip(heat.astype(np.float32), 0.0, 1.0)
    colour = cv2.applyColorMap(np.uint8(np.round(255 * h)), cv2.COLORMAP_JET)[..., ::-1].astype(np.float32)
    alpha = (0.15 + (strength - 0.15) * h)[..., None]
    out = shown.astype(np.float32) * (1.0 - alpha) + colour * alpha
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def to_rgb_uint8(obj: Any) -> np.ndarray:
    """A pipeline object (PIL image, CHW tensor or HWC array; float in [0, 1] or 0-255, or uint8) as uint8 HxWx3."""
    import torch
    from PIL import Image

    if isinstance(obj, Image.Image):
        return np.asarray(obj.convert("RGB")).copy()
    if isinstance(obj, torch.Tensor):
        arr = obj.detach().cpu().as_subclass(torch.Tensor)
        arr = arr[0] if arr.dim() == 4 else arr
        arr = arr.permute(1, 2, 0).numpy() if arr.dim() == 3 else arr.numpy()
    else:
        arr = np.asarray(obj)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    if arr.dtype != np.uint8:
        f = arr.astype(np.float64)
        if np.issubdtype(arr.dtype, np.floating) and np.nanmax(f, initial=0.0) <= 1.0 + 1e-6:
            f = f * 255.0
        arr = np.clip(np.round(np.nan_to_num(f)), 0, 255).astype(np.uint8)
    if arr.shape[2] == 1:
        arr = np.repeat(arr, 3, axis=2)
    return np.ascontiguousarray(arr[:, :, :3])


def _resize_heat(heat: np.ndarray, height: int, width: int) -> np.ndarray:
    if heat.shape == (height, width):
        return heat
    from PIL import Image

    img = Image.fromarray(heat.astype(np.float32), mode="F").resize((width, height), Image.Resampling.BILINEAR)
    return np.clip(np.asarray(img, dtype=np.float32), 0.0, 1.0)


# -- images through a model's val pipeline ------------------------------------------------------------------------


class _SplitPipeline:
    """The val steps before the last Normalize (what the model saw) and from it on (what makes its input)."""

    def __init__(self, spec: Any) -> None:
        from dtf_gui.core.pipeline.build import build_steps  # lazy: torchvision

        steps = build_steps(spec, split="val")
        cut = max((k for k, (_, step, _) in enumerate(steps) if step.name == "Normalize"), default=len(steps))
        self.before = [t for _, _, t in steps[:cut]]
        self.after = [t for _, _, t in steps[cut:]]

    def __call__(self, image: Any) -> tuple[Any, Any]:
        """(object before Normalize, model input) of ``image``, random steps seeded as the preview seeds them."""
        import torch

        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(0)
            shown = image
            for t in self.before:
                shown = t(shown)
            x = shown
            for t in self.after:
                x = t(x)
        return shown, x


_COPY_LOCK = threading.Lock()
_COPY: list[Any] = []  # [bundle, frozen copy of its model]: the last model explained


def _frozen_copy(bundle: Any) -> Any:
    """A private copy of the cached model, frozen, made once per loaded model (call under ``_COPY_LOCK``)."""
    if not _COPY or _COPY[0] is not bundle:
        model = copy.deepcopy(bundle.model).eval()
        for p in model.parameters():
            p.requires_grad_(False)
        _COPY[:] = [bundle, model]
    return _COPY[1]


def cam_images(request: CamRequest, *, stop: StopToken | None = None,
               progress: Progress | None = None) -> list[CamResult]:
    """The Grad-CAM result of every image of ``request``, in order (what ``dtf predict --cam`` and the views draw).

    An ensemble is refused (ModelError, both languages): its members each have their own map. An unreadable
    image raises DataError naming it. ``stop`` is checked between images.
    """
    from dtf_gui.core.data.datasets import load_rgb  # lazy: torch
    from dtf_gui.core.runs.artifacts import is_ensemble
    from dtf_gui.core.runs.predict import check_image_file, load_predictor_cached

    if request.method not in METHODS:
        raise ModelError(msg("cam.unknown_method", method=repr(request.method), names=", ".join(METHODS)))
    if is_ensemble(request.model_path):
        raise ModelError(msg("cam.ensemble", path=display_name(request.model_path)))
    bundle = load_predictor_cached(request.model_path, request.which)
    _check_target(request.target, bundle.classes)
    split = _SplitPipeline(bundle.val_pipeline.val)
    out: list[CamResult] = []
    for i, path in enumerate(request.images):
        if stop is not None and stop.stop_requested:
            raise Cancelled(msg("cam.stopped"))
        check_image_file(path)
        before, x = split(load_rgb(path))
        if not hasattr(x, "dim"):
            raise ModelError(msg("cam.not_tensor", path=display_name(path), kind=type(x).__name__))
        shown = to_rgb_uint8(before)
        with _COPY_LOCK:
            model = _frozen_copy(bundle).to(request.device)
            name = None if request.target is None else bundle.classes[request.target]
            tc = cam_for_tensor(model, bundle.arch, x.float(), request.target, method=request.method,
                                class_name=name)
        heat = _resize_heat(tc.heat, shown.shape[0], shown.shape[1])
        if tc.note is not None and tc.note.code == "cam.no_evidence":
            tc.note = msg("cam.no_evidence", name=bundle.classes[tc.class_index])
        out.append(CamResult(str(path), tc.class_index, bundle.classes[tc.class_index], tc.probability, heat,
                             shown, blend(shown, heat), tc.note))
        if progress is not None:
            progress(i + 1, len(request.images))
    return out


# -- files ------------------------------------------------------------------------------------------------------------


def _png_bytes(rgb: np.ndarray) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(buf, format="PNG")
    return buf.getvalue()


def _write_new(folder: Path, stem: str, data: bytes) -> Path:
    """Write ``data`` under the first free name ``<stem>_cam[-k].png`` in ``folder``: complete or absent (a temporary
    file linked into place, which fails rather than replaces), and never over an existing file."""
    fd, tmp = tempfile.mkstemp(prefix=".cam.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        k = 0
        while True:
            target = folder / (f"{stem}{SUFFIX}.png" if k == 0 else f"{stem}{SUFFIX}-{k}.png")
            k += 1
            try:
                os.link(tmp, target)
                return target
            except FileExistsError:
                continue
            except OSError:  # no hard links here: reserve the name, then replace only our own empty file
                try:
                    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
                except FileExistsError:
                    continue
                os.replace(tmp, target)
                return target
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


def check_out_dir(out_dir: str | Path) -> Path:
    """``out_dir`` as a Path when it is a folder or does not exist yet; DataError when it is a file (or a FIFO...)."""
    folder = Path(out_dir)
    if file_kind(folder) not in ("folder", "missing"):
        raise DataError(msg("cam.out_not_folder", path=display_name(folder)), folder)
    return folder


def save_overlays(results: Sequence[CamResult], out_dir: str | Path) -> list[Path]:
    """One PNG per result in ``out_dir`` (created when missing), named after its image: ``cat_cam.png``. A name
    already taken -- a user's file, an earlier overlay, two images called the same -- gets ``_cam-1.png``,
    ``_cam-2.png``...: nothing is overwritten."""
    folder = check_out_dir(out_dir)
    written: list[Path] = []
    for res in results:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            written.append(_write_new(folder, Path(res.path).stem, _png_bytes(res.overlay)))
        except OSError as e:
            raise DataError(msg("cam.cannot_write", path=display_name(folder / f"{Path(res.path).stem}{SUFFIX}.png"),
                                reason=e.strerror or str(e)), folder) from e
    return written
