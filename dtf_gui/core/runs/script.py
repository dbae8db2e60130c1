"""The run as plain PyTorch: a standalone ``train.py`` (and its ``split.csv``) that trains what a run trained.

``write_train_script(run_dir, out_dir)`` writes, from the run's config.json and run.json:

* ``train.py`` -- readable, in sections (settings, transforms, images and the Dataset, model, optimizer and
  schedule, training loop, evaluation, main), importing only torch, torchvision and Pillow (and the standard
  library). The transforms are :func:`dtf_gui.core.pipeline.codegen.to_python`'s code, pasted in; the
  ``ImageDataset`` is the tutorial's chapter-8 shape (``__getitem__`` loads one image as RGB the way
  ``data.datasets.load_rgb`` does and applies the split's transform).
* ``split.csv`` -- ``split,class,path``: the run's train and val images in the run's order, paths relative to
  the data folder (absolute for a val folder outside it). Why a list and not a listing rule in the script: the
  scan's rules (sorted class folders, a val folder or a seeded val fraction, junk and unreadable files left
  out, excluded and empty classes, a val folder elsewhere) are several hundred lines that would drift apart
  from dtf_gui's; a list is what the run trained on, and it is the shape of the PyTorch tutorial's
  custom-Dataset CSV. The data folder is the one constant of the script (``--data`` replaces it). The list is
  made by scanning the data folder again with the run's settings, and refused when the dataset changed since
  the run (other classes or image counts than run.json records).

Reproduction: with the same seed, device and precision the first epoch's train loss equals the run's
(metrics.csv) up to floating-point rounding (the tests ask 1e-3 relative in fp32 on the CPU; the demo digits
measured 6e-10), because the script draws random numbers in the engine's order (:mod:`..training.engine`):
``random.seed``/``torch.manual_seed`` first, then the model's initialisation (torchvision builder, then the
new head), one val image through the val pipeline (the engine measures the input size so), then per batch the
augmentations of its images in sample order (``workers=0``; with workers each process draws from torch's
per-worker seed, which a DataLoader with the same generator, worker count and start method gives the script
too) and the model's dropout. The sample order is the engine's ``EpochSampler`` (a permutation from
``seed + epoch`` on its own generator), and each DataLoader has its own generator so that starting an epoch
does not move the global stream. The engine's speed-ups change no number and are left out: the decode-once
cache (the deterministic start of the pipeline draws nothing), the batched ToDtype/Normalize tail
(elementwise, bit-identical per image), and the frozen-backbone feature cache -- there the script runs the
whole model per batch with the frozen backbone in eval mode and only the head (and the dropout before it) in
train mode, which is what training the head on features computed in eval mode is.

Limits (said in the generated docstring when they apply): a run trained on several processes (torchrun)
trains here in one, so its numbers differ; on the feature-cache path with bf16/fp16 the head runs under
autocast here but in fp32 in the engine (bf16 rounding apart); a ``.safetensors`` weights file needs the
safetensors package; numpy's global generator is not seeded (no transform of the registry draws from it).

A batch stage (MixUp/CutMix: codegen's ``batch_transform``) is applied in ``train_one_epoch`` right after
``x, y = to_device(...)`` -- the line marked ``# after collation`` -- as the engine does, the loss taking its
soft targets and the counting the hard labels. Plug-in point for model EMA: an
``AveragedModel`` made in ``main`` after the optimizer, updated after ``optimizer.step()`` in
``train_one_epoch`` and evaluated beside the model in ``main``. See :func:`_loop_section` and
:func:`_main_section`.
"""

from __future__ import annotations

import csv
import io
import os
import textwrap
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dtf_gui import __version__
from dtf_gui.core.config import RunConfig
from dtf_gui.core.data.datasets import BACKGROUND, make_datasets
from dtf_gui.core.data.scan import scan
from dtf_gui.core.errors import ExportError
from dtf_gui.core.fileio import (
    atomic_write_bytes,
    atomic_write_text,
    display_name,
    file_kind,
    read_json_document,
)
from dtf_gui.core.messages import msg
from dtf_gui.core.models.zoo import HEAD, arch_info, head_recipe, lr_factors, plan_groups
from dtf_gui.core.pipeline.codegen import to_python
from dtf_gui.core.runs.artifacts import SPLIT_CSV, TRAIN_PY
from dtf_gui.core.runs.rundir import CHECKPOINTS, CONFIG_JSON, RUN_JSON, is_run_dir

__all__ = ["SCRIPT_NAMES", "SPLIT_CSV", "TRAIN_PY", "ScriptPlan", "check_script_folder", "check_script_target",
           "read_plan",
           "script_text", "split_csv", "write_train_script"]

#: Everything a script export writes (a bundle folder may hold them too: their names live with the bundle's).
SCRIPT_NAMES = (TRAIN_PY, SPLIT_CSV)


# -- what the script is made of ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ScriptPlan:
    """A run as the script needs it: its config, what run.json recorded, and its file lists."""

    run_dir: Path
    cfg: RunConfig
    classes: list[str]
    root: Path  # the data folder (split.csv's paths are relative to it)
    train: list[tuple[str, int]]  # (path, class index), in the run's order
    val: list[tuple[str, int]]
    precision: str  # as the run resolved it: "fp32" | "bf16" | "fp16"
    channels_last: bool
    feature_cache: bool  # the run trained the head on cached backbone features
    device: str
    world_size: int
    weights: str  # "none", "Enum.VERSION" of torchvision's ImageNet weights, or a weights file


def _run_info(run_dir: Path) -> dict[str, Any]:
    path = run_dir / RUN_JSON
    if file_kind(path) == "missing":
        raise ExportError(msg("runs.not_from_train", path=display_name(run_dir)))
    info = read_json_document(path, msg("runs.what_run"), ExportError)
    classes = info.get("classes") if isinstance(info, dict) else None
    if not isinstance(classes, list) or not classes or not all(isinstance(c, str) for c in classes):
        raise ExportError(msg("runs.not_from_train", path=display_name(run_dir)))
    return info


def _weights(cfg: RunConfig) -> str:
    """What the run's model started from, as the script loads it."""
    choice = str(cfg.model.weights).strip()
    if choice.lower() in ("none", "", "scratch", "random"):
        return "none"
    if choice.lower() != "imagenet":
        return str(Path(choice).expanduser().absolute())
    import torchvision  # lazy: no torchvision in `dtf --help`

    from dtf_gui.core.models.weights import official_candidates, weights_status

    name = arch_info(cfg.model.arch).name
    version = weights_status(name).version or official_candidates(name)[0].version  # the one training found
    return f"{torchvision.models.get_model_weights(name).__name__}.{version}"


def read_plan(run_dir: str | Path) -> ScriptPlan:
    """The run's config and recorded facts, and its train/val file lists (the data folder scanned again with the
    run's settings); ExportError when the dataset no longer gives the run's classes and image counts."""
    run_dir = Path(run_dir)
    if not is_run_dir(run_dir):
        raise ExportError(msg("runs.not_a_run", path=display_name(run_dir)))
    info = _run_info(run_dir)
    cfg = RunConfig.load(run_dir / CONFIG_JSON)
    root = Path(os.path.abspath(Path(cfg.data.root).expanduser()))  # as the scan names its files
    val_root = Path(cfg.data.val_root).expanduser() if cfg.data.val_root else None
    if not root.is_dir():
        raise ExportError(msg("runs.script_no_data", root=display_name(root)))
    report = scan(root, val_root=val_root, val_fraction=cfg.data.val_fraction, seed=cfg.data.seed, decode=True,
                  exclude_classes=cfg.data.exclude_classes)  # the engine's scan (training.staging.prepare_data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the skipped files were said when the run trained
        train, val = make_datasets(report, None, None)
    now = {"classes": list(report.classes), "train_images": len(train), "val_images": len(val)}
    if any(key in info and info[key] != value for key, value in now.items()) or now["classes"] != info["classes"]:
        raise ExportError(msg("runs.script_data_changed", root=display_name(root), n=len(report.classes),
                              train=len(train), val=len(val), run_n=len(info["classes"]),
                              run_train=info.get("train_images"), run_val=info.get("val_images")))
    return ScriptPlan(run_dir, cfg, list(report.classes), root, train.samples, val.samples,
                      str(info.get("precision") or "fp32"), bool(info.get("channels_last", False)),
                      bool(info.get("feature_cache", False)), str(info.get("device") or "cpu"),
                      int(info.get("world_size") or 1), _weights(cfg))


def split_csv(plan: ScriptPlan) -> bytes:
    """``split,class,path`` rows in the run's order; paths relative to the data folder where they are inside it."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["split", "class", "path"])
    for split, samples in (("train", plan.train), ("val", plan.val)):
        for path, label in samples:
            p = Path(path)
            rel = p.relative_to(plan.root).as_posix() if p.is_relative_to(plan.root) else str(p)
            writer.writerow([split, plan.classes[label], rel])
    return buf.getvalue().encode("utf-8", "surrogateescape")  # a file name that is not UTF-8 stays its bytes


# -- the script's text, section by section -----------------------------------------------------------------
def _code(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def _section(title: str) -> str:
    return f"# ---- {title} " + "-" * max(4, 104 - len(title))


def _attr(path: str, root: str = "m") -> str:
    """``classifier.3`` -> ``m.classifier[3]``."""
    return root + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in path.split("."))


def _transforms(plan: ScriptPlan) -> tuple[list[str], str]:
    """codegen's module, split into its import lines and the rest (its docstring dropped)."""
    source = to_python(plan.cfg.pipeline, num_classes=len(plan.classes))
    if "import dtf_gui" in source or "from dtf_gui" in source:
        raise ExportError(msg("runs.script_not_standalone"))
    lines = source.splitlines()
    if lines and lines[0].startswith('"""'):
        end = next(i for i, ln in enumerate(lines) if i > 0 and ln.rstrip().endswith('"""'))
        lines = lines[end + 1:]
    imports = [ln for ln in lines if ln.startswith(("import ", "from "))]
    body = "\n".join(ln for ln in lines if not ln.startswith(("import ", "from "))).strip("\n")
    return imports, body


def _imports(extra: list[str]) -> str:
    std = ["import argparse", "import csv", "import math", "import multiprocessing", "import random", "import time",
           "from pathlib import Path"]
    third = ["import torch", "import torchvision", "from PIL import Image", "from torch import nn",
             "from torchvision.transforms import v2"]
    for line in extra:
        if line not in third:
            third.append(line)
    if any(ln.startswith("from PIL import Image,") for ln in third):
        third.remove("from PIL import Image")
    third = sorted(ln for ln in third if ln.startswith("import ")) + sorted(
        ln for ln in third if ln.startswith("from "))
    return "\n".join(std) + "\n\n" + "\n".join(third)


def _docstring(plan: ScriptPlan) -> str:
    cfg = plan.cfg
    notes = []
    if plan.world_size > 1:
        notes.append(f"The run trained on {plan.world_size} processes (torchrun); this script trains in one, so "
                     "its numbers differ from the run's.")
    if plan.feature_cache:
        notes.append("The run trained the head on backbone features computed once (dtf_gui's feature cache); "
                     "this script runs the frozen backbone in eval mode on every batch instead: the same numbers, "
                     "more time.")
    if plan.weights.endswith(".safetensors"):
        notes.append("The starting weights are a .safetensors file: reading it needs the safetensors package.")
    lines = [
        "#!/usr/bin/env python3",
        f'"""Train {cfg.model.arch} on {len(plan.classes)} classes as dtf_gui run {plan.run_dir.name} did, in '
        "plain PyTorch.",
        "",
        "    python train.py [--data FOLDER] [--epochs N] [--device cpu] [--save model.pth]",
        "",
        "Needs only torch, torchvision and Pillow. split.csv, next to this file, lists the run's train and val",
        "images (class, path relative to the data folder) in the run's order. With the same seed, device and",
        "precision the first epoch's train loss is the run's (its metrics.csv) up to floating-point rounding.",
        "Sections: settings, transforms, images and the Dataset, model, optimizer and schedule, training loop,",
        "evaluation, main.",
    ]
    for note in notes:
        lines += ["", *textwrap.wrap(note, 110)]
    lines += ["", f"Generated by dtf_gui {__version__} from {plan.run_dir}.", '"""']
    return "\n".join(lines)


def _settings(plan: ScriptPlan) -> str:
    cfg, t = plan.cfg, plan.cfg.train
    lines = [
        _section("settings (the run's config.json)"),
        "HERE = Path(__file__).resolve().parent",
        f"DATA_ROOT = {str(plan.root)!r}  # --data replaces it",
        f"CLASSES = {[str(c) for c in plan.classes]!r}",
        f"ARCH = {cfg.model.arch!r}",
        f"SEED = {cfg.seed!r}",
        f"EPOCHS = {t.epochs!r}",
        f"BATCH_SIZE = {t.batch_size!r}",
        f"LR = {t.lr!r}",
        f"WEIGHT_DECAY = {t.weight_decay!r}",
    ]
    if t.optimizer == "sgd":
        lines += [f"MOMENTUM = {t.momentum!r}", f"NESTEROV = {t.nesterov!r}"]
    lines.append(f"LABEL_SMOOTHING = {t.label_smoothing!r}")
    if t.schedule in ("step", "plateau"):
        lines.append(f"STEP_SIZE = {t.step_size!r}  # " + ("epochs per step" if t.schedule == "step"
                                                           else "epochs without improvement before the lr drops"))
    if t.schedule in ("step", "exponential", "plateau"):
        lines.append(f"GAMMA = {t.gamma!r}")
    if t.schedule == "warmup_cosine":
        lines.append(f"WARMUP_EPOCHS = {t.warmup_epochs!r}")
    if t.l1 > 0:
        lines.append(f"L1 = {t.l1!r}  # weight of the L1 penalty on the trained parameters")
    if t.grad_clip > 0:
        lines.append(f"GRAD_CLIP = {t.grad_clip!r}  # largest gradient norm")
    if t.early_stopping:
        lines.append(f"PATIENCE = {t.early_stopping!r}  # stop after this many epochs without a better val accuracy")
    lines += [
        f"DEVICE = {plan.device!r}  # --device replaces it",
        f"PRECISION = {plan.precision!r}  # \"bf16\"/\"fp16\": mixed precision (autocast), as the run trained",
        f"CHANNELS_LAST = {plan.channels_last!r}  # the run's memory format (the same numbers, faster on the CPU)",
        f"WORKERS = {cfg.workers!r}  # DataLoader worker processes",
        'AMP_DTYPE = {"fp32": None, "bf16": torch.bfloat16, "fp16": torch.float16}[PRECISION]',
    ]
    return "\n".join(lines)


def _data_section() -> str:
    background = repr(tuple(int(v) for v in BACKGROUND))
    return _section("images and the Dataset") + "\n" + _code(f'''
        BACKGROUND = {background}  # transparent pixels are laid on this colour
        EXIF_TRANSPOSE = {{2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
                          4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
                          6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}}


        def load_rgb(path):
            """The image as 3-channel RGB, as dtf_gui reads it: frame 0, EXIF-upright, alpha laid on BACKGROUND,
            16-bit values scaled (not clipped) to 8 bits."""
            with Image.open(path) as img:
                orientation = img.getexif().get(0x0112)
                if getattr(img, "n_frames", 1) > 1:
                    img.seek(0)
                img.load()
                if img.mode in ("RGBA", "LA", "La", "RGBa", "P", "PA"):
                    canvas = Image.new("RGBA", img.size, (*BACKGROUND, 255))
                    rgb = Image.alpha_composite(canvas, img.convert("RGBA")).convert("RGB")
                elif img.mode.startswith("I;16") or img.mode == "I":
                    values = torch.tensor(list(img.getdata()), dtype=torch.float64)
                    if values.numel() and (values.min() < 0 or values.max() > 65535):  # beyond 16 bits: stretch
                        values = (values - values.min()) * (255.0 / (values.max() - values.min()))
                    else:
                        values = values / 257.0
                    rgb = Image.frombytes("L", img.size, bytes(values.round().to(torch.uint8).tolist())).convert("RGB")
                else:
                    rgb = img.convert("RGB")
            method = EXIF_TRANSPOSE.get(orientation)
            return rgb.transpose(method) if method is not None else rgb


        class ImageDataset(torch.utils.data.Dataset):
            """(image, class index) pairs: ``__getitem__`` loads one image and applies the split's transform."""

            def __init__(self, samples, transform):
                self.samples = samples  # (path, class index)
                self.transform = transform

            def __len__(self):
                return len(self.samples)

            def __getitem__(self, i):
                path, label = self.samples[i]
                return self.transform(load_rgb(path)), label


        def read_split(root, split):
            """(path, class index) of the ``split`` images listed in split.csv, in the run's order."""
            index = {{name: i for i, name in enumerate(CLASSES)}}
            with open(HERE / "split.csv", newline="", encoding="utf-8", errors="surrogateescape") as f:
                rows = [row for row in csv.DictReader(f) if row["split"] == split]
            return [(Path(root) / row["path"], index[row["class"]]) for row in rows]
        ''')


def _load_weights_code(plan: ScriptPlan) -> tuple[str, list[str]]:
    """(helper functions, lines inside build_model) that load the run's starting weights."""
    if plan.weights == "none":
        return "", []
    head = arch_info(plan.cfg.model.arch).head
    helper = _code(f'''
        def load_backbone(m, state):
            """Load pretrained weights into ``m``; a head of another size in the file is left out (the new head stays)."""
            own = m.state_dict()
            keep = {{k: v for k, v in state.items() if k in own and v.shape == own[k].shape}}
            missing = [k for k in own if k not in keep and not k.startswith("{head}.")]
            if missing:
                raise SystemExit(f"the starting weights do not fit {{ARCH}}: {{missing[0]}} is not in them")
            m.load_state_dict(keep, strict=False)
        ''')
    if "." in plan.weights and not Path(plan.weights).is_absolute():
        return helper, ["# the run started from torchvision's ImageNet weights (downloaded once into torch's cache)",
                        f"load_backbone(m, torchvision.models.{plan.weights}.get_state_dict(progress=True))"]
    if plan.weights.endswith(".safetensors"):
        load = ["from safetensors.torch import load_file  # the one extra package, for this weights file",
                f"state = load_file({plan.weights!r})"]
    else:
        load = [f"state = torch.load({plan.weights!r}, map_location=\"cpu\", weights_only=True)",
                "for key in (\"state_dict\", \"model\"):  # a training checkpoint keeps the weights under one of these",
                "    if isinstance(state.get(key), dict):",
                "        state = state[key]"]
    return helper, ["# the run started from this weights file", *load,
                    "state = {k.removeprefix(\"module.\").removeprefix(\"_orig_mod.\"): v for k, v in state.items()}",
                    "load_backbone(m, state)"]


def _freeze_code(plan: ScriptPlan) -> str:
    """Freeze groups, the groups that train at each epoch and (per group) learning rates; "" for plan "full"."""
    cfg = plan.cfg
    info = arch_info(cfg.model.arch)
    groups = [(name, list(prefixes)) for name, prefixes in info.groups] + [(HEAD, [info.head])]
    names = [g for g, _ in groups]
    plan_name = cfg.freeze.plan
    if plan_name == "full":
        return ""
    rows = "\n".join(f"    {g!r}: {p!r}," for g, p in groups)
    out = [f"# The model in blocks from input to output (dtf_gui's freeze groups): module paths per block.\n"
           f"FREEZE_GROUPS = {{\n{rows}\n}}"]
    mult = cfg.freeze.backbone_lr_mult if plan_name in ("discriminative", "gradual") else 1.0
    factors = {g: float(f) for g, f in lr_factors(names, mult).items()}
    out.append("# each block's learning rate is LR times its factor (smaller near the input)\n"
               f"LR_FACTORS = {factors!r}")
    if plan_name == "gradual":
        out.append(_code(f'''
            UNFREEZE_EPOCH = {cfg.freeze.unfreeze_epoch!r}


            def trainable_groups(epoch):
                """The head alone for the first UNFREEZE_EPOCH epochs, then every block (gradual unfreezing)."""
                return set(FREEZE_GROUPS) if epoch >= UNFREEZE_EPOCH else {{"head"}}
            '''))
    else:
        trainable = [g for g in names if g in plan_groups(names, plan_name, cfg.freeze.k)]
        out.append(_code(f'''
            def trainable_groups(epoch):
                """The blocks that train (freeze plan "{plan_name}"); the others keep their weights."""
                return {set(trainable)!r}
            '''))
    out.append(_code('''
        def group_of(name):
            """The block a parameter belongs to."""
            for group, prefixes in FREEZE_GROUPS.items():
                if any(name == p or name.startswith(p + ".") for p in prefixes):
                    return group
            raise ValueError(f"{name} is in no freeze group")


        def set_trainable(model, groups):
            """Only the parameters of ``groups`` get gradients; the others stay as they are."""
            for name, p in model.named_parameters():
                p.requires_grad_(group_of(name) in groups)
        '''))
    return "\n\n\n".join(out)


def _model_section(plan: ScriptPlan) -> str:
    cfg = plan.cfg
    recipe = head_recipe(cfg.model.arch, len(plan.classes), cfg.model.dropout)
    helper, load = _load_weights_code(plan)
    body = [f"m = torchvision.models.{cfg.model.arch}(weights=None)",
            "# the new head for CLASSES (dtf_gui's head recipe)", *recipe.strip().splitlines(), *load, "return m"]
    build = ('def build_model():\n    """torchvision\'s model with a new head for CLASSES, from the run\'s '
             'starting weights."""\n' + "\n".join("    " + ln for ln in body))
    parts = [p for p in (helper, build, _freeze_code(plan)) if p]
    return _section("model") + "\n" + "\n\n\n".join(parts)


def _optimization_section(plan: ScriptPlan) -> str:
    t, full = plan.cfg.train, plan.cfg.freeze.plan == "full"
    include_frozen = plan.cfg.freeze.plan == "gradual"
    parts = [_section("optimizer, learning-rate schedule and loss")]
    if not full:
        keep = "" if include_frozen else " if p.requires_grad"
        why = ("frozen blocks included: they join the training later and get no gradient until then"
               if include_frozen else "the frozen blocks left out")
        parts.append(_code(f'''
            def param_groups(model):
                """One optimizer group per block, each with its learning rate ({why})."""
                groups = {{name: [] for name in FREEZE_GROUPS}}
                for name, p in model.named_parameters():
                    groups[group_of(name)].append(p)
                return [{{"params": [p for p in ps{keep}], "lr": LR * LR_FACTORS[name]}}
                        for name, ps in groups.items() if any(True for p in ps{keep})]
            '''))
    params = "model.parameters()" if full else "param_groups(model)"
    call = {"sgd": f"torch.optim.SGD({params}, lr=LR, momentum=MOMENTUM, nesterov=NESTEROV, "
                   "weight_decay=WEIGHT_DECAY)",
            "adam": f"torch.optim.Adam({params}, lr=LR, weight_decay=WEIGHT_DECAY)"}.get(
        t.optimizer, f"torch.optim.AdamW({params}, lr=LR, weight_decay=WEIGHT_DECAY)")
    parts.append(f"def make_optimizer(model):\n    return {call}")
    parts.append(_schedule_code(t.schedule))
    if t.imbalance == "class_weights":
        parts.append(_code('''
            def make_loss(labels, device):
                """Cross-entropy with label smoothing and class weights (a rare class counts more)."""
                counts = torch.bincount(torch.tensor(labels), minlength=len(CLASSES)).double()
                weight = torch.where(counts > 0, counts.sum() / (len(CLASSES) * counts.clamp(min=1)), 0.0)
                return nn.CrossEntropyLoss(weight=weight.float().to(device), label_smoothing=LABEL_SMOOTHING)
            '''))
    else:
        parts.append(_code('''
            def make_loss(labels, device):
                """Cross-entropy with label smoothing."""
                return nn.CrossEntropyLoss(label_smoothing=LABEL_SMOOTHING)
            '''))
    return parts[0] + "\n" + "\n\n\n".join(parts[1:])


def _schedule_code(schedule: str) -> str:
    """make_scheduler(optimizer, batches_per_epoch, epochs) for the run's schedule (None for "none")."""
    s = "torch.optim.lr_scheduler"
    bodies = {
        "none": ['"""A constant learning rate."""', "return None"],
        "step": ['"""The learning rate times GAMMA every STEP_SIZE epochs (stepped after each epoch)."""',
                 f"return {s}.StepLR(optimizer, step_size=STEP_SIZE, gamma=GAMMA)"],
        "exponential": ['"""The learning rate times GAMMA after each epoch."""',
                        f"return {s}.ExponentialLR(optimizer, gamma=GAMMA)"],
        "cosine": ['"""Cosine from LR to zero over the whole run, stepped after every batch."""',
                   f"return {s}.CosineAnnealingLR(optimizer, T_max=max(1, epochs * batches_per_epoch))"],
        "onecycle": ['"""One cycle (up, then down) over the whole run, stepped after every batch."""',
                     "max_lr = [group[\"lr\"] for group in optimizer.param_groups]",
                     "total = max(1, epochs * batches_per_epoch)",
                     f"return {s}.OneCycleLR(optimizer, max_lr=max_lr, total_steps=total)"],
        "plateau": ['"""The learning rate times GAMMA when the val loss has not improved for STEP_SIZE epochs."""',
                    f"return {s}.ReduceLROnPlateau(optimizer, mode=\"min\", factor=GAMMA, patience=STEP_SIZE)"],
        "warmup_cosine": [
            '"""Linear warm-up to LR over WARMUP_EPOCHS epochs, then cosine to zero; stepped after every batch."""',
            "total = max(1, epochs * batches_per_epoch)",
            "warmup = WARMUP_EPOCHS * batches_per_epoch",
            "",
            "def factor(step):",
            "    if step < warmup:",
            "        return (step + 1) / warmup",
            "    t = min(1.0, (step - warmup) / max(1, total - warmup))",
            "    return 0.5 * (1.0 + math.cos(math.pi * t))",
            "",
            f"return {s}.LambdaLR(optimizer, factor)"],
    }
    return "def make_scheduler(optimizer, batches_per_epoch, epochs):\n" + "\n".join(
        ("    " + ln) if ln else "" for ln in bodies[schedule])


def _schedule_steps(schedule: str) -> str:
    """When the scheduler steps: "batch", "epoch" or "plateau" (training.schedule.build_scheduler)."""
    if schedule in ("cosine", "warmup_cosine", "onecycle"):
        return "batch"
    return "plateau" if schedule == "plateau" else "epoch"


def _train_mode_code(plan: ScriptPlan) -> str:
    """set_train_mode(model): what trains in train mode (see the module docstring on the feature cache)."""
    info = arch_info(plan.cfg.model.arch)
    if plan.feature_cache:
        lines = ["model.eval()", f"{_attr(info.head, 'model')}.train()"]
        if info.dropout is not None:
            lines.append(f"{_attr(info.dropout, 'model')}.train()  # the dropout in front of the head")
        doc = ('"""The frozen backbone in eval mode, the head in train mode: the run computed the backbone\'s '
               'features\n    once in eval mode and trained the head on them."""')
        return "def set_train_mode(model):\n    " + doc + "\n" + "\n".join("    " + ln for ln in lines)
    if plan.cfg.freeze.plan in ("full", "discriminative"):
        return _code('''
            def set_train_mode(model):
                model.train()
            ''')
    return _code('''
        def set_train_mode(model):
            """Train mode, except BatchNorm layers whose weights are frozen: they keep their stored statistics."""
            model.train()
            for module in model.modules():
                if isinstance(module, nn.modules.batchnorm._BatchNorm):
                    ps = list(module.parameters(recurse=False))
                    if ps and not any(p.requires_grad for p in ps):
                        module.eval()
        ''')


def _loop_section(plan: ScriptPlan) -> str:
    t = plan.cfg.train
    weighted = t.imbalance == "sampler"
    order_doc = ("a weighted draw with replacement (rare classes more often)" if weighted
                 else "a permutation")
    draw = ("torch.multinomial(self.weights, self.n, replacement=True, generator=g)" if weighted
            else "torch.randperm(self.n, generator=g)")
    step_lines = ["optimizer.zero_grad(set_to_none=True)", "scaler.scale(loss).backward()"]
    if t.grad_clip > 0:
        step_lines += ["scaler.unscale_(optimizer)", "nn.utils.clip_grad_norm_(params, GRAD_CLIP)"]
    step_lines += ["scaler.step(optimizer)", "scaler.update()"]
    if _schedule_steps(t.schedule) == "batch":
        step_lines.append("scheduler.step()")
    mixed = bool(plan.cfg.pipeline.batch.enabled_steps())
    loss_lines = [f"loss = criterion(out.float(), {'target' if mixed else 'y'})"]
    if t.l1 > 0:
        loss_lines.append("loss = loss + L1 * sum(p.abs().sum() for p in params)")
    params = ["params = [p for p in model.parameters() if p.requires_grad]"] if (t.l1 > 0 or t.grad_clip > 0) else []
    body = ["set_train_mode(model)", *params, "loss_sum, images = 0.0, 0", "for x, y in loader:",
            "    x, y = to_device(x, device), y.to(device, non_blocking=True)  # after collation",
            *(["    x, target = batch_transform(x, y)  # the batch stage: soft labels [B, C] for the loss"]
              if mixed else []),
            "    with autocast(device):", "        out = model(x)",
            *("    " + ln for ln in loss_lines), *("    " + ln for ln in step_lines),
            "    loss_sum += loss.item() * len(y)", "    images += len(y)", "return loss_sum / max(images, 1)"]
    train_fn = ("def train_one_epoch(model, loader, criterion, optimizer, scheduler, scaler, device):\n"
                '    """One pass over the train images in the epoch\'s order; the mean loss per image."""\n'
                + "\n".join("    " + ln for ln in body))
    init = ("def __init__(self, n, weights=None):\n        self.n, self.weights, self.epoch = n, weights, 0"
            if weighted else "def __init__(self, n):\n        self.n, self.epoch = n, 0")
    order_class = _code(f'''
        class EpochOrder(torch.utils.data.Sampler):
            """One epoch's order: {order_doc} from SEED + epoch alone."""

            INIT

            def set_epoch(self, epoch):
                self.epoch = epoch

            def __iter__(self):
                g = torch.Generator().manual_seed(SEED + self.epoch)
                return iter({draw}.tolist())

            def __len__(self):
                return self.n
        ''').replace("INIT", init)
    parts = [_section("training loop"), order_class]
    if weighted:
        parts.append(_code('''
            def sample_weights(labels):
                """Each image drawn with the weight 1 / (images of its class)."""
                counts = torch.bincount(torch.tensor(labels), minlength=len(CLASSES)).double()
                return (1.0 / counts.clamp(min=1))[torch.tensor(labels)]
            '''))
    parts.append(_code('''
        def make_loader(dataset, device, sampler=None, drop_last=False):
            """Batches of BATCH_SIZE, with a generator of its own: starting an epoch draws a seed from it, which must
            not move the global generator the augmentations and dropout draw from."""
            workers = {}
            if WORKERS > 0:
                methods = multiprocessing.get_all_start_methods()
                workers = dict(num_workers=WORKERS, persistent_workers=True,
                               multiprocessing_context="forkserver" if "forkserver" in methods else "spawn")
            return torch.utils.data.DataLoader(dataset, batch_size=BATCH_SIZE, sampler=sampler, drop_last=drop_last,
                                               generator=torch.Generator().manual_seed(SEED),
                                               pin_memory=device.type == "cuda", **workers)


        def pick_device(name):
            """The named device when this machine has it, else the CPU (said)."""
            if (name.startswith("cuda") and not torch.cuda.is_available()) or (
                    name == "mps" and not torch.backends.mps.is_available()):
                print(f"{name} is not available here: training on the CPU")
                return torch.device("cpu")
            return torch.device(name)


        def autocast(device):
            """Mixed precision as the run trained (PRECISION); plain fp32 otherwise."""
            return torch.autocast(device.type, dtype=AMP_DTYPE, enabled=AMP_DTYPE is not None)


        def to_device(x, device):
            x = x.to(device, non_blocking=True)
            return x.contiguous(memory_format=torch.channels_last) if CHANNELS_LAST and x.dim() == 4 else x
        '''))
    parts += [_train_mode_code(plan), train_fn]
    return parts[0] + "\n" + "\n\n\n".join(parts[1:])


def _evaluation_section() -> str:
    return _section("evaluation") + "\n" + _code('''
        @torch.no_grad()
        def evaluate(model, loader, device):
            """Val loss (plain cross-entropy: no smoothing, no class weights) and accuracy."""
            model.eval()
            loss_sum, correct, count = 0.0, 0, 0
            for x, y in loader:
                x, y = to_device(x, device), y.to(device, non_blocking=True)
                with autocast(device):
                    out = model(x)
                out = out.float()
                loss_sum += nn.functional.cross_entropy(out, y, reduction="sum").item()
                correct += int((out.argmax(1) == y).sum())
                count += len(y)
            return loss_sum / max(count, 1), correct / max(count, 1)
        ''')


def _main_section(plan: ScriptPlan) -> str:
    cfg, t = plan.cfg, plan.cfg.train
    full = cfg.freeze.plan == "full"
    steps = _schedule_steps(t.schedule)
    order = ("EpochOrder(len(train_set), sample_weights(labels))" if t.imbalance == "sampler"
             else "EpochOrder(len(train_set))")
    lines = [
        "parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])",
        'parser.add_argument("--data", default=DATA_ROOT, help="the dataset folder (split.csv\'s paths start there)")',
        'parser.add_argument("--epochs", type=int, default=EPOCHS, help="epochs to train (the schedule spans them)")',
        'parser.add_argument("--device", default=DEVICE, help="cpu, cuda or mps (default: the run\'s)")',
        'parser.add_argument("--save", type=Path, default=HERE / "model.pth", help="where the best epoch\'s weights '
        'go")',
        "args = parser.parse_args(argv)",
        "device = pick_device(args.device)",
        "",
        "# the run's seed; everything below draws random numbers in the run's order",
        "random.seed(SEED)",
        "torch.manual_seed(SEED)",
        "train_set = ImageDataset(read_split(args.data, \"train\"), train_transform)",
        "val_set = ImageDataset(read_split(args.data, \"val\"), val_transform)",
        "labels = [label for _, label in train_set.samples]",
        "model = build_model()  # draws the initial weights of the new head (of all layers from scratch)",
        *([] if full else ["set_trainable(model, trainable_groups(0))"]),
        "model.to(device)",
        "if CHANNELS_LAST:",
        "    model.to(memory_format=torch.channels_last)",
        "x, _ = val_set[0]  # one val image through the val pipeline, as the run measured its input size",
        'print(f"{len(train_set)} train and {len(val_set)} val images of {len(CLASSES)} classes, "',
        '      f"input {list(x.shape)}, {ARCH} on {device}")',
        "",
        "criterion = make_loss(labels, device)",
        f"order = {order}",
        "drop_last = len(train_set) % BATCH_SIZE == 1  # a last batch of one image would break BatchNorm in train mode",
        "train_loader = make_loader(train_set, device, sampler=order, drop_last=drop_last)",
        "val_loader = make_loader(val_set, device)",
        "optimizer = make_optimizer(model)",
        "scheduler = make_scheduler(optimizer, len(train_loader), args.epochs)",
        "scaler = torch.amp.GradScaler(device.type, enabled=PRECISION == \"fp16\")  # loss scaling for fp16 only",
        "",
        "best_acc, best_loss, stale = -1.0, math.inf, 0",
        "for epoch in range(args.epochs):",
        "    start = time.perf_counter()",
        *(["    set_trainable(model, trainable_groups(epoch))"] if cfg.freeze.plan == "gradual" else []),
        "    order.set_epoch(epoch)",
        "    train_loss = train_one_epoch(model, train_loader, criterion, optimizer, scheduler, scaler, device)",
        "    val_loss, val_acc = evaluate(model, val_loader, device)",
        '    lr = optimizer.param_groups[-1]["lr"]',
        *(["    scheduler.step()"] if steps == "epoch" and t.schedule != "none" else []),
        *(["    scheduler.step(val_loss)"] if steps == "plateau" else []),
        '    print(f"epoch {epoch + 1}/{args.epochs} train_loss={train_loss:.9g} val_loss={val_loss:.9g} "',
        '          f"val_acc={val_acc:.4f} lr={lr:.6g} seconds={time.perf_counter() - start:.1f}", flush=True)',
        "    if val_acc > best_acc or (val_acc == best_acc and val_loss < best_loss):",
        "        best_acc, best_loss, stale = val_acc, val_loss, 0",
        "        torch.save(model.state_dict(), args.save)",
        "    else:",
        "        stale += 1",
    ]
    if t.early_stopping:
        lines += ["    if stale >= PATIENCE and epoch + 1 < args.epochs:",
                  '        print(f"no better val accuracy for {PATIENCE} epochs: stopping early")',
                  "        break"]
    lines.append('print(f"best val accuracy {best_acc:.4f}; its weights are in {args.save}")')
    body = "\n".join(("    " + ln) if ln else "" for ln in lines)
    return (_section("main") + "\ndef main(argv=None):\n" + body
            + '\n\n\nif __name__ == "__main__":\n    main()')


def script_text(plan: ScriptPlan) -> str:
    """The whole train.py for ``plan``."""
    imports, transforms = _transforms(plan)
    sections = [
        _docstring(plan),
        _imports(imports),
        _settings(plan),
        _section("transforms (the run's pipeline, written by dtf_gui's codegen)") + "\n" + transforms,
        _data_section(),
        _model_section(plan),
        _optimization_section(plan),
        _loop_section(plan),
        _evaluation_section(),
        _main_section(plan),
    ]
    return "\n\n\n".join(sections) + "\n"


# -- writing -------------------------------------------------------------------------------------------
def _is_run_folder(p: Path) -> bool:
    """A folder a training run wrote (run.json plus config.json or checkpoints/)."""
    return (p / RUN_JSON).is_file() and ((p / CONFIG_JSON).is_file() or (p / CHECKPOINTS).is_dir())


def check_script_folder(out_dir: str | Path, run_dir: str | Path | None = None) -> str:
    """Whether the script may go into ``out_dir``: "new" (missing), "free" (a folder without train.py or
    split.csv) or "taken" (one of them is there: replaced only when the user agrees -- ``--force`` or the
    Export tab's question). ExportError for a link, a file, and a run folder or a folder inside one."""
    out = Path(out_dir).expanduser().absolute()
    if out.is_symlink():
        raise ExportError(msg("runs.out_is_link", path=display_name(out)))
    real = out.resolve()
    runs = [Path(run_dir).expanduser().resolve()] if run_dir is not None and is_run_dir(run_dir) else []
    runs += [p for p in (real, *real.parents) if p.is_dir() and _is_run_folder(p)]
    for run in runs:
        if real == run or real.is_relative_to(run):
            raise ExportError(msg("runs.script_in_run", path=display_name(out), run=display_name(run),
                                  suggestion=display_name(run.parent / f"{run.name}-script")))
    existing = next(p for p in (out, *out.parents) if file_kind(p) != "missing" or p == p.parent)
    if file_kind(existing) != "folder":
        raise ExportError(msg("runs.script_out_is_file", path=display_name(existing)))
    if existing != out:
        return "new"
    taken = [n for n in SCRIPT_NAMES if (out / n).is_symlink() or file_kind(out / n) != "missing"]
    return "taken" if taken else "free"


def check_script_target(out_dir: str | Path, run_dir: str | Path | None = None, *, force: bool = False) -> str:
    """:func:`check_script_folder`, and ExportError when train.py or split.csv is there without ``force`` (or is
    not a regular file: never written over); the one refusal of ``dtf export --script`` and the writer."""
    out = Path(out_dir).expanduser().absolute()
    state = check_script_folder(out, run_dir)
    taken = [n for n in SCRIPT_NAMES if (out / n).is_symlink() or file_kind(out / n) != "missing"]
    if state == "taken" and not force:
        raise ExportError(msg("runs.script_exists", path=display_name(out), name=taken[0]))
    for name in taken:
        if (out / name).is_symlink() or file_kind(out / name) is not None:
            raise ExportError(msg("runs.script_not_a_file", path=display_name(out / name)))
    return state


def write_train_script(run_dir: str | Path, out_dir: str | Path, *, force: bool = False,
                       progress: Callable[[int, int], None] | None = None) -> Path:
    """Write ``train.py`` and ``split.csv`` for ``run_dir`` into ``out_dir`` (made when missing); returns
    the train.py path. An existing train.py or split.csv there is replaced only with ``force=True``; nothing is
    ever written into a run folder."""
    out = Path(out_dir).expanduser().absolute()
    check_script_target(out, run_dir, force=force)
    if progress is not None:
        progress(0, 2)
    plan = read_plan(run_dir)
    text = script_text(plan)
    compile(text, TRAIN_PY, "exec")  # a generated script that does not parse is a bug, said here and not later
    if progress is not None:
        progress(1, 2)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out / SPLIT_CSV, split_csv(plan))
    path = atomic_write_text(out / TRAIN_PY, text)
    if os.name == "posix":
        os.chmod(path, 0o755)
    if progress is not None:
        progress(2, 2)
    return path

