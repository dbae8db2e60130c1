"""The GUI's background jobs as specs: each returns the plain function a
:class:`~dtf_gui.qt.workers.job.JobRunner` calls as ``fn(stop=..., progress=...)``.

A spec only binds a core use case to its request and adapts the hooks it lacks; the use case itself knows
nothing of Qt (STYLE §15). Imports are lazy so that opening the window does not load torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation
from dtf_gui.qt.workers.job import JobFn, Progress


def scan_job(root: str, val_fraction: float | None, val_root: str = "",
             exclude_classes: tuple[str, ...] = ()) -> JobFn:
    """``core.data.scan`` of a dataset folder -> ScanReport (the Data panel's scan, the gallery's rescan)."""

    def run(*, stop: StopToken, progress: Progress) -> Any:
        from dtf_gui.core.data.scan import scan

        return scan(root, val_root=val_root or None, val_fraction=val_fraction, progress=progress, stop=stop,
                    exclude_classes=exclude_classes)

    return run


def evaluation_job(request: EvalRequest) -> JobFn:
    """:func:`run_evaluation` (what ``dtf eval`` computes) -> EvalOutcome."""
    return partial(run_evaluation, request)


def calibration_job(request: Any) -> JobFn:
    """``core.trust.calibration.calibrate`` (what ``dtf calibrate`` computes) -> CalibrationReport."""

    def run(*, stop: StopToken, progress: Progress) -> Any:
        from dtf_gui.core.trust.calibration import calibrate

        return calibrate(request, stop=stop, progress=progress)

    return run


def export_job(run_dir: str | Path, out_dir: str | Path, formats: Sequence[str], *, which: str = "best",
               force: bool = False, script: bool = False, tta: str = "none") -> JobFn:
    """``core.runs.bundle.export_bundle`` -> the bundle folder. It cannot stop halfway (a half-written bundle is
    worse than a finished one), so the token is not passed on. ``script``: the run's train.py and split.csv
    (``core.runs.script``) go into the new bundle's folder too."""

    def run(*, stop: StopToken, progress: Progress) -> Path:
        from dtf_gui.core.runs.bundle import export_bundle

        out = export_bundle(run_dir, out_dir, tuple(formats), which=which, force=force, progress=progress,
                            tta=tta)
        if script:
            from dtf_gui.core.runs.script import write_train_script

            write_train_script(run_dir, out, force=True)  # the folder was just made anew: nothing of the user's
        return out

    return run


def script_job(run_dir: str | Path, out_dir: str | Path, *, force: bool = False) -> JobFn:
    """``core.runs.script.write_train_script`` -> the folder that holds train.py and split.csv."""

    def run(*, stop: StopToken, progress: Progress) -> Path:
        from dtf_gui.core.runs.script import write_train_script

        return write_train_script(run_dir, out_dir, force=force, progress=progress).parent

    return run


def predict_job(model_path: str, images: Sequence[str], *, which: str = "best", top_k: int = 5,
                tta: str = "none") -> JobFn:
    """``core.runs.predict.predict`` (with traces) -> (model description, list[PredictItem])."""

    def run(*, stop: StopToken, progress: Progress) -> tuple[dict[str, Any], list[Any]]:
        from dtf_gui.core.runs.predict import PredictRequest, predict

        outcome = predict(PredictRequest(model_path, tuple(str(p) for p in images), which=which, top_k=top_k,
                                         tta=tta), stop=stop, progress=progress)
        bundle = outcome.bundle
        desc = {"arch": bundle.arch, "classes": list(bundle.classes), "path": model_path,
                "kind": "run" if bundle.info.get("kind") == "run" else "bundle", "notes": list(outcome.notes),
                "threshold": outcome.threshold}
        return desc, outcome.items

    return run


def ensemble_job(request: Any) -> JobFn:
    """``core.experiments.ensemble.make_ensemble`` (what ``dtf ensemble`` does) -> EnsembleWritten. Like export it
    cannot stop halfway."""

    def run(*, stop: StopToken, progress: Progress) -> Any:
        from dtf_gui.core.experiments.ensemble import make_ensemble

        return make_ensemble(request, stop=stop, progress=progress)

    return run


def compare_job(run_dirs: Sequence[str | Path]) -> JobFn:
    """``core.experiments.compare.compare_runs`` of 2 to 8 run folders -> Comparison (the Compare tab)."""
    paths = [Path(p) for p in run_dirs]

    def run(*, stop: StopToken, progress: Progress) -> Any:
        from dtf_gui.core.experiments.compare import compare_runs

        return compare_runs(paths, stop=stop, progress=progress)

    return run


def stats_request(state: Any) -> Any:
    """The :class:`~dtf_gui.core.pipeline.stats.StatsRequest` for an AppState: its data root, val folder, split,
    excluded classes and train pipeline (what training would read); None without a data root."""
    from dtf_gui.core.pipeline.stats import StatsRequest

    if not state.data_root:
        return None
    data = state.config_for_run().data
    report = state.scan_report  # the Data tab's scan of this folder (split with seed 0): no second listing
    if report is None or Path(report.root) != Path(data.root) or data.seed != 0:
        report = None
    return StatsRequest(data.root, state.document, val_root=data.val_root or None, val_fraction=data.val_fraction,
                        seed=data.seed, exclude_classes=tuple(data.exclude_classes), report=report)


def stats_job(request: Any, cache_dir: str | Path | None = None) -> JobFn:
    """:func:`~dtf_gui.core.pipeline.stats.dataset_stats` (what ``dtf stats`` computes) -> ChannelStats."""

    def run(*, stop: StopToken, progress: Progress) -> Any:
        from dtf_gui.core.pipeline.stats import dataset_stats

        return dataset_stats(request, stop=stop, progress=progress, cache_dir=cache_dir)

    return run


def lr_find_job(request: Any) -> JobFn:
    """``core.experiments.lr_find.lr_find`` (what ``dtf lr-find`` computes) -> LrFindResult."""

    def run(*, stop: StopToken, progress: Progress) -> Any:
        from dtf_gui.core.experiments.lr_find import lr_find

        return lr_find(request, stop=stop, progress=progress)

    return run


def cam_job(model_path: str, images: Sequence[str], *, which: str = "best", target: int | None = None) -> JobFn:
    """``core.trust.cam.cam_images`` (what ``dtf predict --cam`` draws), image by image -> list of
    (path, CamResult or the Message saying why that image has none). An image that cannot be read does not cost
    the others their map; a refusal of the model itself (an ensemble) is the job's error."""

    def run(*, stop: StopToken, progress: Progress) -> list[tuple[str, Any]]:
        from dtf_gui.core.errors import DataError
        from dtf_gui.core.trust.cam import CamRequest, cam_images

        out: list[tuple[str, Any]] = []
        for i, path in enumerate(images):
            try:
                [res] = cam_images(CamRequest(model_path, (str(path),), which=which, target=target), stop=stop)
                out.append((str(path), res))
            except DataError as e:
                out.append((str(path), e.message))
            progress(i + 1, len(images))
        return out

    return run


def similar_request(state: Any, **settings: Any) -> Any:
    """The :class:`~dtf_gui.core.trust.similar.SimilarRequest` for an AppState's dataset (its val folder or
    share, split with seed 0 as the Data tab's scan; that scan's report when it is of this folder), with the
    view's ``settings``; None without a data root."""
    from dtf_gui.core.trust.similar import SimilarRequest

    if not state.data_root:
        return None
    report = state.scan_report
    if report is None or Path(report.root) != Path(state.data_root):
        report = None
    val_fraction = None if state.val_root else state.val_fraction
    return SimilarRequest(state.data_root, val_root=state.val_root or None, val_fraction=val_fraction,
                          report=report, **settings)


def similar_job(request: Any, cache_dir: str | Path | None = None) -> JobFn:
    """:func:`~dtf_gui.core.trust.similar.find_similar` (what ``dtf scan --similar`` computes) -> SimilarReport."""

    def run(*, stop: StopToken, progress: Progress) -> Any:
        from dtf_gui.core.trust.similar import find_similar

        return find_similar(request, stop=stop, progress=progress, cache_dir=cache_dir)

    return run


def map_job(request: Any, cache_dir: str | Path | None = None) -> JobFn:
    """:func:`~dtf_gui.core.trust.embed_map.embedding_map` (features, the run's mistakes, the 2-D projection)
    -> EmbeddingMap (the Data tab's embedding map)."""

    def run(*, stop: StopToken, progress: Progress) -> Any:
        from dtf_gui.core.trust.embed_map import embedding_map

        return embedding_map(request, stop=stop, progress=progress, cache_dir=cache_dir)

    return run


def label_issues_job(request: Any, cache_dir: str | Path | None = None) -> JobFn:
    """:func:`~dtf_gui.core.trust.label_issues.find_label_issues` (what ``dtf label-issues`` computes) ->
    LabelIssues (Data → Suspects)."""

    def run(*, stop: StopToken, progress: Progress) -> Any:
        from dtf_gui.core.trust.label_issues import find_label_issues

        return find_label_issues(request, stop=stop, progress=progress, cache_dir=cache_dir)

    return run
