"""What the core says in each domain is a Message: scan findings, lint findings and fixes, pipeline, config,
training and evaluation errors render in Simplified Chinese as well as English, and JSON keeps both the
English text and the message as data."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dtf_gui.core.config import FIELDS, RunConfig, field_help
from dtf_gui.core.data.datasets import skipped_message
from dtf_gui.core.data.scan import scan
from dtf_gui.core.errors import ConfigError, DataError, PipelineError, TrainingError
from dtf_gui.core.messages import Message
from dtf_gui.core.metrics import compute_metrics
from dtf_gui.core.pipeline.build import resolve_params, starter_document
from dtf_gui.core.pipeline.lint import lint
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec, StepSpec
from dtf_gui.core.training.features import cache_applies

CJK = re.compile(r"[\u4e00-\u9fff]")
ROOT = Path(__file__).resolve().parents[2]


def _chinese(text: str) -> bool:
    return bool(CJK.search(text))


@pytest.fixture
def odd_folder(tmp_path: Path) -> Path:
    for cls in ("cat", "dog"):
        (tmp_path / cls).mkdir()
        for i in range(3):
            Image.fromarray(np.full((20, 20, 3), 40 * i + (cls == "dog"), np.uint8)).save(tmp_path / cls / f"{i}.png")
    (tmp_path / "empty").mkdir()
    (tmp_path / "cat" / "zero.png").write_bytes(b"")
    return tmp_path


def test_every_scan_finding_is_a_message_and_json_keeps_english_and_code(odd_folder: Path) -> None:
    report = scan(odd_folder, workers=1)
    assert {"zero_byte", "empty_class", "no_val_split"} <= {f.code for f in report.findings}
    for f in report.findings:
        assert isinstance(f.msg, Message), f.code
        assert _chinese(f.msg.render("zh_CN")) and not _chinese(f.msg.render("en")), f.code
        doc = f.to_json()
        assert doc["message"] == f.msg.render("en") and doc["msg"]["code"] == f.msg.code
    zero = next(f for f in report.findings if f.code == "zero_byte")
    assert zero.to_json()["msg"]["params"]["path"] == str(odd_folder / "cat" / "zero.png")
    warning = skipped_message(report)
    assert isinstance(warning, Message) and str(odd_folder / "cat" / "zero.png") in warning.render("zh_CN")
    assert "个文件被跳过" in warning.render("zh_CN")


def test_lint_findings_and_fix_labels_render_in_chinese() -> None:
    doc = starter_document(32)
    bad = PipelineDocument(train=doc.train.move(3, 0),
                           val=PipelineSpec((*doc.val.steps, StepSpec("RandomHorizontalFlip", {"p": 0.5}))))
    findings = lint(bad)
    assert {"normalize-before-float", "random-in-val"} <= {f.rule for f in findings}
    for f in findings:
        assert _chinese(f.msg.render("zh_CN")) and f.message == f.msg.render("en")
        if f.fix is not None:
            assert _chinese(f.fix.render("zh_CN")) and f.to_json()["fix_label"] == f.fix.render("en")
    flip = next(f for f in findings if f.rule == "random-in-val")
    assert flip.msg.render("zh_CN").startswith("验证流水线第 5 步（RandomHorizontalFlip）")


@pytest.mark.parametrize("step", [StepSpec("Resize", {"size": -3}), StepSpec("Resize", {"siz": 3}),
                                  StepSpec("Resise", {}), StepSpec("Normalize", {})])
def test_parameter_errors_name_the_step_in_both_languages(step: StepSpec) -> None:
    with pytest.raises(PipelineError) as e:
        resolve_params(step, index=2, split="val")
    assert e.value.render("en").startswith("val pipeline, step 3")
    assert e.value.render("zh_CN").startswith("验证流水线第 3 步") and _chinese(e.value.render("zh_CN")[10:])


def test_config_errors_render_in_chinese_and_every_setting_has_its_help() -> None:
    with pytest.raises(ConfigError) as e:
        RunConfig().with_overrides({"train.lr": "fast"})
    assert e.value.field == "train.lr" and "学习率" in e.value.render("zh_CN")
    assert e.value.render("en") == ("train.lr: 'fast' is not a number; expected a learning rate above 0 "
                                    "(typical: 1e-4 to 1e-2).")
    # the catalogue's sentence for each setting says what the rule says (else the English is shown)
    stale = [key for key in FIELDS if not isinstance(field_help(key), Message)]
    assert not stale, f"config.help.<key> in catalogue/config.py no longer matches FIELDS[key].help: {stale}"


def test_training_reasons_and_evaluation_errors_render_in_chinese() -> None:
    ok, why = cache_applies(plan_trainable={"head"}, plan="head", train_random=True, val_random=False,
                            world_size=1, enabled=True)
    assert not ok and isinstance(why, Message) and "随机" in why.render("zh_CN")
    from dtf_gui.core.training.engine import resolve_device

    with pytest.raises((TrainingError, ConfigError)) as e:
        resolve_device("cuda:99" if not _has_cuda() else "tpu")
    assert _chinese(e.value.render("zh_CN"))
    with pytest.raises(DataError) as e:
        compute_metrics(np.array([0, 1]), np.array([[1.0, 0.0]]), ["a", "b"])
    assert _chinese(e.value.render("zh_CN"))


def _has_cuda() -> bool:
    import torch

    return torch.cuda.is_available()


#: The modules whose user text the catalogue holds: a sentence written into an error or a status line here
#: would reach a Chinese user in English.
CONVERTED = ["dtf_gui/core/data/scan.py", "dtf_gui/core/data/datasets.py", "dtf_gui/core/pipeline/lint.py",
             "dtf_gui/core/pipeline/registry.py", "dtf_gui/core/pipeline/build.py", "dtf_gui/core/pipeline/spec.py",
             "dtf_gui/core/pipeline/inspect.py", "dtf_gui/core/config.py", "dtf_gui/core/training/engine.py",
             "dtf_gui/core/training/device.py", "dtf_gui/core/training/staging.py", "dtf_gui/core/training/schedule.py",
             "dtf_gui/core/training/loop.py", "dtf_gui/core/training/failure.py",
             "dtf_gui/core/training/distributed.py", "dtf_gui/core/metrics.py"]
_RAW = re.compile(r"""(?:Error|Warning)\(\s*f?["'][A-Za-z{]|\.say\(\s*f?["']|_finish\([^,()]+,\s*f?["'][A-Za-z]|"""
                  r"""Finding\([^)]*?,\s*f["']""")


@pytest.mark.parametrize("path", CONVERTED)
def test_no_english_sentence_is_written_into_an_error_or_status_line(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    hits = [f"{path}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}" for m in _RAW.finditer(text)
            if "ParamSpec {" not in text[m.start():m.start() + 80]]  # a programmer's error, not a user's
    assert not hits, "use msg(...) and the catalogue:\n" + "\n".join(hits)
