"""The run as plain PyTorch: the exported train.py, run in a fresh process with only torch, torchvision and
Pillow, trains its first epoch to the run's own train loss (metrics.csv) on the same seed.

Each case trains one tiny fp32 epoch with the engine, then runs the script (``python -I``, cwd outside the
repository, dtf_gui made unimportable); the three scripts run side by side to keep the file short.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tiny import tiny_config

from dtf_gui.core.errors import ExportError
from dtf_gui.core.pipeline.spec import PipelineSpec
from dtf_gui.core.runs.rundir import RUN_JSON, read_metrics
from dtf_gui.core.runs.script import SPLIT_CSV, TRAIN_PY, write_train_script
from dtf_gui.core.training import engine

#: What a variant of the tiny run changes: the engine's three paths (deterministic pipeline, random
#: augmentation, frozen backbone on the feature cache) with the optimizer, schedule and loss options varied.
CASES = {
    "deterministic": {"random_train": False, "train__schedule": "cosine", "train__batch_size": 8},
    "random": {"random_train": True, "train__epochs": 2, "train__schedule": "warmup_cosine", "train__optimizer": "sgd",
               "train__label_smoothing": 0.1, "train__imbalance": "class_weights", "train__batch_size": 5},
    "head": {"random_train": False, "freeze__plan": "head", "train__schedule": "onecycle", "train__lr": 1e-2,
             "train__grad_clip": 1.0, "model__dropout": 0.3},
    "cutmix": {"random_train": False, "batch_stage": True, "train__batch_size": 8},  # MixUp/CutMix after collation
}
TRAIN_LOSS = re.compile(r"^epoch \d+/\d+ .*train_loss=(\S+)", re.MULTILINE)
# One fresh interpreter (``-I``: no PYTHONPATH, no user site, not the script's folder on the path) runs each
# script as ``python train.py --save ...`` would, in turn, with dtf_gui made unimportable (an import of it fails
# the script); one process instead of three because importing torch is most of a script's time here.
RUNNER = """
import runpy, sys
sys.modules["dtf_gui"] = None
for script, save in zip(sys.argv[1::2], sys.argv[2::2]):
    print("=== " + script, flush=True)
    sys.argv = [script, "--save", save]
    runpy.run_path(script, run_name="__main__")
"""


def _train(tiny_data: Path, tmp: Path, case: dict) -> Path:
    overrides = {"train__epochs": 1, "train__tensorboard": False, **case}
    random_train = overrides.pop("random_train")
    batch_stage = overrides.pop("batch_stage", False)
    cfg = tiny_config(tiny_data, tmp / "runs", random_train=random_train, **overrides)
    if batch_stage:
        stage = PipelineSpec.of(("RandomChoice", {"mixup_alpha": 0.2, "cutmix_alpha": 1.0, "p": [0.5, 0.5]}))
        cfg = cfg.with_overrides({"pipeline": cfg.pipeline.with_split("batch", stage).to_json()})
    return Path(engine.train(cfg).run_dir)


@pytest.fixture(scope="module")
def exported(tiny_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """case -> (run folder, script folder); every case trained and exported once."""
    out = {}
    for name, case in CASES.items():
        tmp = tmp_path_factory.mktemp(name)
        run = _train(tiny_data, tmp, case)
        out[name] = (run, write_train_script(run, tmp / "script").parent)
    return out


def test_the_script_reproduces_the_runs_train_losses(exported, tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "OMP_NUM_THREADS": "1", "HOME": str(tmp_path)}
    args = [a for _, folder in exported.values() for a in (str(folder / TRAIN_PY), str(folder / "model.pth"))]
    proc = subprocess.run([sys.executable, "-I", "-c", RUNNER, *args], cwd=tmp_path, env=env,  # outside the repo
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    outputs = proc.stdout.split("=== ")[1:]
    assert len(outputs) == len(exported)
    for (name, (run, folder)), out in zip(exported.items(), outputs, strict=True):
        losses = [float(v) for v in TRAIN_LOSS.findall(out)]
        run_losses = [row["train_loss"] for row in read_metrics(run)]
        assert losses == pytest.approx(run_losses, rel=1e-3), f"{name}: {out}"  # every epoch, the first above all
        assert (folder / "model.pth").is_file()  # the best epoch's weights, where --save says
        assert json.loads((run / RUN_JSON).read_text(encoding="utf-8"))["feature_cache"] == (name == "head")


def test_the_script_is_plain_pytorch_with_a_dataset_class(exported) -> None:
    _, folder = exported["random"]
    text = (folder / TRAIN_PY).read_text(encoding="utf-8")
    tree = ast.parse(text)
    roots = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names}
    roots |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
              and node.module}
    assert roots - set(sys.stdlib_module_names) == {"torch", "torchvision", "PIL"}
    dataset = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "ImageDataset")
    assert {f.name for f in dataset.body if isinstance(f, ast.FunctionDef)} >= {"__len__", "__getitem__"}
    assert "RandomHorizontalFlip(p=0.5)" in text  # the pipeline's transforms, from codegen
    assert "dtf_gui" not in roots and "import dtf_gui" not in text and "from dtf_gui" not in text


def test_split_csv_lists_the_runs_files_in_its_order(exported, tiny_data: Path) -> None:
    _, folder = exported["deterministic"]
    with open(folder / SPLIT_CSV, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    train = [r["path"] for r in rows if r["split"] == "train"]
    assert len(train) == 36 and len([r for r in rows if r["split"] == "val"]) == 12
    assert train == sorted(train) and train[0] == "train/blue/blue_0.png"  # relative to the data folder
    assert all((tiny_data / p).is_file() for p in train)


def test_an_existing_train_py_is_kept_unless_forced(exported, tmp_path: Path) -> None:
    run, _ = exported["deterministic"]
    (tmp_path / TRAIN_PY).write_text("# mine\n", encoding="utf-8")
    with pytest.raises(ExportError, match="train.py"):
        write_train_script(run, tmp_path)
    assert (tmp_path / TRAIN_PY).read_text(encoding="utf-8") == "# mine\n"
    assert not (tmp_path / SPLIT_CSV).exists()
    write_train_script(run, tmp_path, force=True)
    assert "class ImageDataset" in (tmp_path / TRAIN_PY).read_text(encoding="utf-8")


def test_the_script_is_never_written_into_a_run(exported) -> None:
    run, _ = exported["deterministic"]
    with pytest.raises(ExportError):
        write_train_script(run, run)
    assert not (run / TRAIN_PY).exists()
