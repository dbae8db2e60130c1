"""Hyper-parameter search on the demo digits: TPE + median pruner, two processes on one study, kill and rerun.

Targets (issue 11): a 20-trial TPE search with the median pruner (mobilenet_v2 at 64 px, head only on the
feature cache, ImageNet weights when installed) finishes within 10 minutes on a 2-core CPU, prunes at least
40 % of its trials, and its best trial is at least as good as the starter configuration's run; two
``dtf search`` processes on one SQLite study run disjoint trials; a search killed with SIGKILL and run again
with the same command continues the same study (the killed trial is FAIL and retried; the total is reached).
Then "top k of this search": the runs of the search's 3 best complete trials (``search_top_runs``, what
``dtf ensemble --study`` and the Search tab's "Make Ensemble of Top 3…" use) are ensembled; the ensemble's val
accuracy is at least its best member's, and its predict.py and ONNX give ``dtf predict``'s top-1 on every
val image (``ensemble_demo.judge_ensemble``).

    .venv/bin/python bench/search_demo.py [--trials 20] [--epochs 6] [--skip-processes] [--skip-ensemble]
                                          [--data ROOT]

Exits 1 when a target is missed. Everything is written under a temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ensemble_demo import judge_ensemble  # bench/ is the script's folder, first on sys.path

from dtf_gui.core.config import RunConfig, starter_config
from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.core.experiments.ensemble import search_top_runs
from dtf_gui.core.experiments.search import SearchRequest, open_storage, run_search, study_summary
from dtf_gui.core.experiments.search_space import parse_space
from dtf_gui.core.models.weights import weights_status
from dtf_gui.core.training.engine import train

TARGET_SECONDS = 600.0
TARGET_PRUNED = 0.40
SPACE = {"schema_version": 1, "params": {
    "train.lr": {"type": "float", "low": 1e-5, "high": 0.3, "log": True},
    "train.weight_decay": {"type": "float", "low": 1e-6, "high": 1e-2, "log": True},
    "train.label_smoothing": {"type": "float", "low": 0.0, "high": 0.2},
    "train.batch_size": {"type": "categorical", "choices": [32, 64, 128]},
    "model.dropout": {"type": "float", "low": 0.0, "high": 0.5},
}}


def base_config(data: Path, runs: Path, epochs: int) -> RunConfig:
    """The starter configuration, head only on the feature cache (a deterministic train pipeline)."""
    base = starter_config(data, image_size=64, arch="mobilenet_v2")
    weights = "imagenet" if weights_status("mobilenet_v2").available else "none"
    doc = base.pipeline.with_split("train", base.pipeline.val)
    return base.with_overrides({"model.weights": weights, "freeze.plan": "head", "train.feature_cache": True,
                                "train.epochs": epochs, "runs_dir": str(runs), "device": "cpu",
                                "pipeline": doc.to_json()})


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "dtf_gui.cli", "search", *args]


def trial_numbers(text: str) -> set[int]:
    return {int(m) for m in re.findall(r"^trial (\d+):", text, flags=re.M)}


def part_search(base: RunConfig, tmp: Path, n_trials: int) -> bool:
    t0 = time.perf_counter()
    starter = train(base.with_overrides({"runs_dir": str(tmp / "starter")}))
    print(f"starter run: best val accuracy {starter.best_val_acc:.2%} in {time.perf_counter() - t0:.1f} s "
          f"(lr {base.train.lr:g}, batch {base.train.batch_size}, {base.train.epochs} epochs)", flush=True)
    space = parse_space(SPACE, base)
    request = SearchRequest(base, space, n_trials=n_trials, sampler="tpe", pruner="median", seed=0, study="tpe")
    t0 = time.perf_counter()

    def on_trial(row: object) -> None:
        r = row  # a TrialRow
        value = "-" if r.value is None else f"{r.value:.2%}"  # type: ignore[attr-defined]
        print(f"  trial {r.number:2d} {r.state:8s} {value:>7s}  {time.perf_counter() - t0:6.1f} s", flush=True)  # type: ignore[attr-defined]

    result = run_search(request, on_trial=on_trial)
    seconds = time.perf_counter() - t0
    s = result.summary
    done = len(s.trials)
    pruned = s.counts["PRUNED"] / max(done, 1)
    best = s.best.value if s.best else float("nan")
    ok_time, ok_pruned, ok_best = seconds <= TARGET_SECONDS, pruned >= TARGET_PRUNED, best >= starter.best_val_acc
    print(f"TPE + median: {done} trials in {seconds:.1f} s ({'met' if ok_time else 'MISSED'} <= {TARGET_SECONDS:.0f} s); "
          f"{s.counts['COMPLETE']} complete, {s.counts['PRUNED']} pruned = {pruned:.0%} "
          f"({'met' if ok_pruned else 'MISSED'} >= {TARGET_PRUNED:.0%}), {s.counts['FAIL']} failed", flush=True)
    print(f"best trial {s.best.number if s.best else '-'}: {best:.2%} vs starter {starter.best_val_acc:.2%} "
          f"({'met' if ok_best else 'MISSED'}); params {s.best.params if s.best else {}}", flush=True)
    if s.importances:
        print("importances: " + ", ".join(f"{k} {v:.2f}" for k, v in s.importances.items()), flush=True)
    return ok_time and ok_pruned and ok_best and done == n_trials


def part_ensemble(storage: str, study: str, data: Path, tmp: Path, k: int = 3) -> bool:
    """The top-k ensemble of the study against its best member, and its exports against ``dtf predict``."""
    top = search_top_runs(storage, study, k)
    trials = {t.run_dir: t for t in study_summary(storage, study).trials}
    print(f"top {k} trials: " + ", ".join(f"{trials[str(p)].number} (best val acc {trials[str(p)].value:.4f})"
                                         for p in top), flush=True)
    return judge_ensemble(top, data, tmp / "ensemble")


def part_processes(base: RunConfig, tmp: Path) -> bool:
    cfg, space = tmp / "run.json", tmp / "space.json"
    base.with_overrides({"train.epochs": 2}).save(cfg)
    space.write_text(json.dumps(SPACE))
    ws = tmp / "ws"
    common = [str(cfg), "--space", str(space), "--sampler", "random", "--pruner", "none", "--workspace", str(ws)]
    # two processes on one SQLite study
    args = [*common, "--trials", "6", "--study", "shared"]
    procs = [subprocess.Popen(cli(*args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for _ in range(2)]
    outs = [p.communicate()[0] for p in procs]
    nums = [trial_numbers(o) for o in outs]
    summary = study_summary(f"sqlite:///{ws / 'search.db'}", "shared")
    dirs = [t.run_dir for t in summary.trials]
    ok_shared = (all(p.returncode == 0 for p in procs) and not (nums[0] & nums[1]) and all(nums)
                 and len(set(dirs)) == len(dirs) == len(summary.trials) >= 6)
    print(f"two processes on one study: trials {sorted(nums[0])} and {sorted(nums[1])}, "
          f"{len(set(dirs))} distinct run folders for {len(summary.trials)} trials "
          f"({'met' if ok_shared else 'MISSED'}: disjoint)", flush=True)
    if not ok_shared:
        print(outs[0][-2000:], outs[1][-2000:], sep="\n")
    # kill mid-trial, run the same command again
    args = [*common, "--trials", "4", "--study", "killed"]
    cfg4 = tmp / "run4.json"
    base.with_overrides({"train.epochs": 8}).save(cfg4)
    args[0] = str(cfg4)
    url = f"sqlite:///{ws / 'search.db'}"
    p = subprocess.Popen(cli(*args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    killed_number = None
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and killed_number is None:
        time.sleep(1.0)
        try:
            import optuna

            study = optuna.load_study(study_name="killed", storage=open_storage(url))
        except Exception:
            continue
        trials = study.get_trials(deepcopy=False)
        done = [t for t in trials if t.state.is_finished()]
        running = [t for t in trials if t.state.name == "RUNNING" and t.user_attrs.get("run_dir")]
        if done and running:
            killed_number = running[0].number
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    print(f"SIGKILL during trial {killed_number}; waiting 11 s (2 heartbeats) before the same command again",
          flush=True)
    time.sleep(11)
    again = subprocess.run(cli(*args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    s = study_summary(url, "killed")
    states = {t.number: t.state for t in s.trials}
    killed = next((t for t in s.trials if t.number == killed_number), None)
    retried = [t for t in s.trials if killed and t.number > killed.number and t.params == killed.params]
    counted = s.counts["COMPLETE"] + s.counts["PRUNED"]
    ok_kill = (again.returncode == 0 and killed is not None and killed.state == "FAIL" and bool(retried)
               and counted == 4 and s.counts["RUNNING"] == 0)
    print(f"after the rerun: states {states}; killed trial {killed_number} -> "
          f"{killed.state if killed else '?'}, retried as {[t.number for t in retried]}; "
          f"{counted} of 4 trials counted ({'met' if ok_kill else 'MISSED'})", flush=True)
    if not ok_kill:
        print(again.stdout[-3000:])
    return ok_shared and ok_kill


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--skip-processes", action="store_true", help="only the TPE search")
    ap.add_argument("--skip-search", action="store_true", help="only the two-process and kill checks")
    ap.add_argument("--skip-ensemble", action="store_true", help="no top-3 ensemble after the search")
    ap.add_argument("--data", type=Path, default=None)
    args = ap.parse_args()
    print(f"targets: {args.trials}-trial TPE + median pruner <= {TARGET_SECONDS:.0f} s, >= {TARGET_PRUNED:.0%} "
          "pruned, best >= the starter run; two processes on one study run disjoint trials; "
          "SIGKILL + rerun continues the study (killed trial FAIL and retried, total reached); the top-3 trials' "
          "ensemble >= its best member on val, its predict.py and ONNX = dtf predict's top-1", flush=True)
    data = args.data or ensure_demo_dataset()
    ok = True
    with tempfile.TemporaryDirectory(prefix="dtf-search-bench-") as tmp_name:
        tmp = Path(tmp_name)
        base = base_config(data, tmp / "runs", args.epochs)
        print(f"model mobilenet_v2 64 px, weights {base.model.weights}, head only, feature cache; "
              f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '-')}", flush=True)
        if not args.skip_search:
            ok &= part_search(base, tmp, args.trials)
            if not args.skip_ensemble:
                ok &= part_ensemble(SearchRequest(base, parse_space(SPACE, base), study="tpe").storage_url(), "tpe",
                                    data, tmp)
        if not args.skip_processes:
            ok &= part_processes(base, tmp)
    print("MET" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
