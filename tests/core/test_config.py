"""RunConfig: JSON round trip, typed --set parsing, errors that name the field, versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dtf_gui.core import config as config_module
from dtf_gui.core.config import RunConfig, parse_overrides, starter_config
from dtf_gui.core.errors import ConfigError


def test_round_trip_and_save_load(tmp_path: Path) -> None:
    cfg = starter_config(tmp_path, image_size=64, arch="mobilenet_v2")
    assert RunConfig.from_json(cfg.to_json()) == cfg
    cfg.save(tmp_path / "run.json")
    assert RunConfig.load(tmp_path / "run.json") == cfg
    obj = json.loads((tmp_path / "run.json").read_text())
    assert obj["schema_version"] == config_module.SCHEMA_VERSION
    assert set(obj) == {"schema_version", "data", "pipeline", "model", "freeze", "train", "device", "precision",
                        "channels_last", "seed", "workers", "runs_dir"}
    assert obj["pipeline"]["val"][0] == {"name": "Resize", "params": {"size": [64, 64]}, "enabled": True}


def test_missing_fields_take_defaults() -> None:
    cfg = RunConfig.from_json({"data": {"root": "/x"}, "train": {"epochs": 2}})
    assert cfg.train.epochs == 2 and cfg.train.lr == RunConfig().train.lr and cfg.data.root == "/x"


def test_overrides_parse_by_field_type() -> None:
    cfg = RunConfig().with_overrides({
        "train.lr": "0.01", "train.epochs": "3", "train.batch_size": "16", "train.nesterov": "true",
        "channels_last": "false", "model.weights": "/w/resnet18.pth", "device": "cuda:1", "seed": "7",
        "data.root": "/data", "model.arch": "resnet50", "train.feature_cache": "off",
    })
    assert (cfg.train.lr, cfg.train.epochs, cfg.train.batch_size) == (0.01, 3, 16)
    assert cfg.train.nesterov is True and cfg.channels_last is False and cfg.train.feature_cache is False
    assert (cfg.model.weights, cfg.device, cfg.seed, cfg.data.root, cfg.model.arch) == (
        "/w/resnet18.pth", "cuda:1", 7, "/data", "resnet50")
    assert RunConfig().with_overrides({"channels_last": "auto"}).channels_last == "auto"


@pytest.mark.parametrize(("key", "value", "says"), [
    ("train.lr", "-1", "above 0"),
    ("train.lr", "fast", "not a number"),
    ("train.epochs", "2.5", "not a number"),
    ("train.optimizer", "adagrad", "adam, adamw, sgd"),
    ("train.schedule", "linear", "warmup_cosine"),
    ("device", "gpu", "cuda:N"),
    ("precision", "fp8", "bf16"),
    ("freeze.plan", "some", "gradual"),
    ("train.nesterov", "maybe", "true or false"),
    ("model.dropout", "1.5", "dropout"),
])
def test_bad_values_name_the_field(key: str, value: str, says: str) -> None:
    with pytest.raises(ConfigError) as err:
        RunConfig().with_overrides({key: value})
    assert err.value.field == key and key in str(err.value) and says in str(err.value)


def test_unknown_keys_suggest_the_right_one() -> None:
    with pytest.raises(ConfigError, match="Did you mean 'train.lr'"):
        RunConfig().with_overrides({"train.lrr": "1"})
    with pytest.raises(ConfigError, match="train.epoch.*Did you mean 'train.epochs'"):
        RunConfig.from_json({"train": {"epoch": 3}})
    with pytest.raises(ConfigError, match="write it as key=value"):
        parse_overrides(["train.lr"])
    assert parse_overrides(["train.lr=0.1", "data.root=/a=b"]) == {"train.lr": "0.1", "data.root": "/a=b"}


def test_json_values_are_type_checked_too() -> None:
    with pytest.raises(ConfigError, match="train.batch_size"):
        RunConfig.from_json({"train": {"batch_size": "32"}})
    with pytest.raises(ConfigError, match="train.nesterov"):
        RunConfig.from_json({"train": {"nesterov": 1}})
    with pytest.raises(ConfigError, match="warmup_epochs"):
        RunConfig.from_json({"train": {"schedule": "warmup_cosine", "epochs": 2, "warmup_epochs": 2}})
    with pytest.raises(ConfigError, match="pipeline"):
        RunConfig.from_json({"pipeline": {"train": [{"nme": "Resize"}]}})


def test_pipeline_override_from_a_file(tmp_path: Path) -> None:
    doc = starter_config(tmp_path, image_size=32).pipeline
    doc.save(tmp_path / "p.json")
    cfg = RunConfig().with_overrides({"pipeline": str(tmp_path / "p.json")})
    assert cfg.pipeline == doc


def test_versions_newer_refused_older_migrated(monkeypatch) -> None:
    with pytest.raises(ConfigError, match="newer dtf_gui"):
        RunConfig.from_json({"schema_version": config_module.SCHEMA_VERSION + 1})
    # pretend the current schema is one ahead and version 1 named the learning rate "learning_rate"
    def upgrade(obj: dict) -> dict:
        obj["train"]["lr"] = obj["train"].pop("learning_rate")
        return obj

    monkeypatch.setattr(config_module, "SCHEMA_VERSION", config_module.SCHEMA_VERSION + 1)
    monkeypatch.setitem(config_module._MIGRATIONS, config_module.SCHEMA_VERSION - 1, upgrade)
    cfg = RunConfig.from_json({"schema_version": config_module.SCHEMA_VERSION - 1, "train": {"learning_rate": 0.5}})
    assert cfg.train.lr == 0.5 and cfg.to_json()["schema_version"] == config_module.SCHEMA_VERSION


def test_load_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ConfigError, match="bad.json"):
        RunConfig.load(bad)
    with pytest.raises(ConfigError, match="dtf config"):
        RunConfig.load(tmp_path / "missing.json")


# -- numbers are bounded and finite, whether from --set or a config file ------------------------------------
NUMERIC = [k for k, r in config_module.FIELDS.items() if r.kind in ("int", "float")]


def _file_value(tmp_path: Path, key: str, text: str) -> Path:
    """A config file whose ``key`` holds the raw JSON ``text`` (``1e308``, ``NaN``, ``Infinity``...)."""
    obj = RunConfig().to_json()
    section, _, name = key.rpartition(".")
    (obj[section] if section else obj)[name] = "@VALUE@"
    doc = json.dumps(obj).replace('"@VALUE@"', text)
    path = tmp_path / "run.json"
    path.write_text(doc)
    return path


@pytest.mark.parametrize("key", NUMERIC)
@pytest.mark.parametrize("text", ["1e308", "1" + "0" * 400, "nan", "inf", "-inf"])
def test_every_number_is_bounded_and_finite_from_set(key: str, text: str) -> None:
    with pytest.raises(ConfigError) as err:
        RunConfig().with_overrides({key: text})
    said = str(err.value)
    assert err.value.field == key and key in said, said
    rule = config_module.FIELDS[key]
    if text in ("1e308", "inf"):  # the message says what is allowed: the range, with its upper end
        top = int(rule.maximum) if float(rule.maximum).is_integer() else rule.maximum
        assert str(top) in said.replace(",", ""), said


@pytest.mark.parametrize("key", NUMERIC)
@pytest.mark.parametrize("text", ["1e308", "1" + "0" * 400, "NaN", "Infinity", "-Infinity"])
def test_every_number_is_bounded_and_finite_from_a_file(tmp_path: Path, key: str, text: str) -> None:
    path = _file_value(tmp_path, key, text)
    assert json.loads(path.read_text())  # the file itself is JSON Python reads
    with pytest.raises(ConfigError) as err:
        RunConfig.load(path)
    said = str(err.value)
    assert err.value.field == key and key in said and "run.json" in said, said


def test_epochs_seed_and_range_messages_name_field_value_and_range() -> None:
    with pytest.raises(ConfigError) as err:
        RunConfig().with_overrides({"train.epochs": "1e308"})
    said = str(err.value)
    assert "train.epochs" in said and "1e+308" in said and "100000" in said.replace(",", ""), said
    with pytest.raises(ConfigError) as err:
        RunConfig.from_json({"seed": 2**70})
    said = str(err.value)
    assert str(2**70) in said and "4294967295" in said.replace(",", ""), said
    with pytest.raises(ConfigError) as err:
        RunConfig().with_overrides({"train.grad_clip": "nan"})
    assert "nan" in str(err.value) and "train.grad_clip" in str(err.value)


def test_the_largest_allowed_values_really_train() -> None:
    """The maxima are what torch and numpy accept: seeding with the largest seed (plus the epoch and the
    rank offsets the engine adds) and a cosine schedule over the most epochs do not overflow."""
    import torch

    from dtf_gui.core.training.engine import build_scheduler, seed_everything

    top = {k: config_module.FIELDS[k].maximum for k in ("seed", "data.seed", "train.epochs", "train.batch_size")}
    cfg = RunConfig().with_overrides({k: str(int(v)) for k, v in top.items()} | {"train.schedule": "cosine"})
    seed_everything(cfg.seed + 7)
    torch.Generator().manual_seed(cfg.seed + cfg.train.epochs + 17 * 7)
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    for schedule in ("cosine", "warmup_cosine", "onecycle"):
        sched, _ = build_scheduler(opt, cfg.with_overrides({"train.schedule": schedule}), 10_000)
        opt.step()
        sched.step()
        assert 0 < opt.param_groups[0]["lr"] <= 1.0


# -- documents are read with the checked reader: no FIFO, no device, a size limit ---------------------------
def _must_not_block(fn, fifo: Path):
    """Run ``fn``; if it is still blocked on ``fifo`` after 10 s, unblock it (open the write end) and fail."""
    import os
    import threading

    out: dict = {}

    def target() -> None:
        try:
            out["value"] = fn()
        except BaseException as e:  # noqa: BLE001
            out["error"] = e

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(10)
    if t.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # EOF for the blocked reader
        t.join(10)
        pytest.fail(f"blocked on the FIFO {fifo}")
    if "error" in out:
        raise out["error"]
    return out.get("value")


def test_a_fifo_as_config_or_pipeline_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="named pipe") as err:
        _must_not_block(lambda: RunConfig.load(fifo), fifo)
    assert "fifo.json" in str(err.value)
    with pytest.raises(ConfigError, match="named pipe") as err:
        _must_not_block(lambda: RunConfig().with_overrides({"pipeline": str(fifo)}), fifo)
    assert err.value.field == "pipeline"


def test_an_oversized_config_or_folder_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(17 * 2**20)  # sparse: 17 MiB of zero bytes on no disk
    for load in (RunConfig.load, lambda p: RunConfig().with_overrides({"pipeline": str(p)})):
        with pytest.raises(ConfigError, match="more than the 16777216 bytes"):
            load(big)
        with pytest.raises(ConfigError, match="is a folder"):
            load(tmp_path)
    # a missing file keeps its message, which says how to make one
    with pytest.raises(ConfigError, match="Cannot read the run configuration .*missing.json.*dtf config"):
        RunConfig.load(tmp_path / "missing.json")


def test_dev_zero_as_pipeline_is_refused_at_once(tmp_path: Path) -> None:
    """``--set pipeline=/dev/zero`` read until memory ran out; with 1 GiB of address space it must be a
    ConfigError, not a MemoryError (run in a child process so the limit binds only there)."""
    import resource
    import subprocess
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    code = ("from dtf_gui.core.config import RunConfig\n"
            "from dtf_gui.core.errors import ConfigError\n"
            "try:\n    RunConfig().with_overrides({'pipeline': '/dev/zero'})\n"
            "except ConfigError as e:\n    print('ConfigError:', e)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          preexec_fn=limit, cwd=Path(__file__).resolve().parents[2])
    assert "ConfigError: pipeline: /dev/zero is a device file" in done.stdout, done.stderr[-800:]


def test_a_number_too_long_for_python_is_a_config_error(tmp_path: Path) -> None:
    """json.loads raises a plain ValueError (not a JSONDecodeError) past 4300 digits."""
    path = tmp_path / "run.json"
    path.write_text('{"train": {"epochs": 2},\n "seed": ' + "1" * 5000 + "}")
    with pytest.raises(ConfigError, match=r"run\.json.*line 2") as err:
        RunConfig.load(path)
    assert "4300 digits" in str(err.value)


def test_a_non_utf8_data_root_is_saved_losslessly(tmp_path: Path) -> None:
    """config.json of a run whose dataset folder name is not UTF-8 (b"caf\\xe9"): valid UTF-8, same bytes back."""
    import os

    root = os.fsdecode(b"/data/caf\xe9")
    cfg = RunConfig().with_overrides({"data.root": root})
    cfg.save(tmp_path / "run.json")
    (tmp_path / "run.json").read_bytes().decode("utf-8")
    assert os.fsencode(RunConfig.load(tmp_path / "run.json").data.root) == b"/data/caf\xe9"
