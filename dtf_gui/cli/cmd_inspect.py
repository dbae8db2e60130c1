"""``dtf inspect PIPELINE.json IMAGE``: the type of the data after every step, then lint findings.

The same trace the GUI draws, as a table: one row for the file as decoded, one for the RGB image the
training loader makes of it, one per enabled step. ``--code`` prints the pipeline as torchvision Python.
A document with a batch stage (MixUp, CutMix) also gets a batch trace: ``--batch-size`` samples (IMAGE repeated
through the random train steps, or images of ``--data``'s classes in turn) collated, then each batch step, with
the labels' dtype and shape (``int64 [8]`` -> ``float32 [8, 10]``); ``--json`` has it under ``"batch_trace"``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from dtf_gui.cli._text import ljust, rjust, t, width
from dtf_gui.core.errors import DataError
from dtf_gui.core.messages import msg
from dtf_gui.core.pipeline.spec import SPLITS, PipelineDocument


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "inspect",
        help="show the data type after every transform step, lint the pipeline, or print it as Python",
        description="Trace PIPELINE.json's train (or val) pipeline on IMAGE one step at a time and print each "
                    "step's type (PIL mode and size, or tensor dtype, shape and value range), then the lint "
                    "findings of both pipelines with their fixes. Exit status 1 when a step fails or lint "
                    "finds an error. With --code, print the pipeline as runnable torchvision code instead "
                    "(IMAGE is then not needed).",
    )
    p.add_argument("pipeline", type=Path, metavar="PIPELINE.json", help="pipeline document")
    p.add_argument("image", type=Path, nargs="?", metavar="IMAGE", help="image file to trace")
    p.add_argument("--split", choices=SPLITS, default="train", help="pipeline to trace (default train)")
    p.add_argument("--seed", type=int, default=0, help="seed for the random steps (default 0)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    p.add_argument("--code", action="store_true", help="print the pipeline as torchvision Python")
    p.add_argument("--from-scratch", action="store_true",
                   help="the model is trained without pretrained weights: with --data, lint compares Normalize "
                        "with the dataset's statistics (computed earlier by dtf stats)")
    p.add_argument("--data", type=Path, metavar="ROOT",
                   help="dataset folder whose cached statistics lint uses (see dtf stats); with a batch stage, "
                        "the batch trace takes its images and class count from it")
    p.add_argument("--batch-size", type=int, default=None, metavar="N",
                   help="samples in the batch trace of the batch stage (default 8)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dtf_gui.core.pipeline.codegen import to_python  # lazy: no torchvision in `dtf --help`

    doc = PipelineDocument.load(args.pipeline)
    report = _data_report(args)
    num_classes = len(report.classes) or None if report is not None else None
    if args.code and args.image is None:
        code = to_python(doc, num_classes=num_classes)
        print(json.dumps({"code": code}, indent=2) if args.json else code, end="" if not args.json else "\n")
        return 0
    if args.image is None:
        raise DataError(msg("cli.inspect.no_image"))

    from dtf_gui.core.pipeline.inspect import trace  # lazy: no torchvision in `dtf --help`
    from dtf_gui.core.pipeline.lint import lint  # lazy: no torchvision in `dtf --help`

    result = trace(doc.get(args.split), args.image, args.seed, split=args.split, thumb_size=32)
    batch = _batch_trace(args, doc, report)
    findings = lint(doc, sample=args.image, num_classes=num_classes, **_stats_context(args, doc))
    failed = not result.ok or any(f.severity == "error" for f in findings) or (batch is not None and not batch.ok)
    if args.json:
        out = {
            "pipeline": str(args.pipeline),
            "image": str(args.image),
            "split": args.split,
            "seed": args.seed,
            "trace": result.to_json(),
            "lint": [f.to_json() for f in findings],
        }
        if batch is not None:
            out["batch_trace"] = batch.to_json()
        if args.code:
            out["code"] = to_python(doc, num_classes=num_classes)
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 1 if failed else 0

    print(t("cli.inspect.header", split=msg(f"pipeline.split.{args.split}"), pipeline=str(args.pipeline),
            image=str(args.image), seed=args.seed))
    print(_table(result))
    if result.error:
        print()
        print(t("cli.inspect.stopped", error=result.error))
    if batch is not None:
        print()
        print(_batch_table(batch))
    print()
    if findings:
        print(t("cli.inspect.lint", n=len(findings)))
        for f in findings:
            severity = t(f"cli.severity.{f.severity}") if f.severity in ("error", "warning") else f.severity
            print(f"  {ljust(severity, 7)} [{f.rule}] {f.message}")
            if f.fix_label:
                print("          " + t("cli.inspect.fix", label=f.fix_label))
    else:
        print(t("cli.inspect.lint_none"))
    if args.code:
        print()
        print(to_python(doc, num_classes=num_classes), end="")
    return 1 if failed else 0


def _stats_context(args: argparse.Namespace, doc: PipelineDocument) -> dict[str, Any]:
    """``pretrained`` and the dataset's cached statistics for lint, when the command line says them."""
    if not args.from_scratch:
        return {}
    data_stats = None
    if args.data is not None:
        from dtf_gui.core.pipeline.stats import StatsRequest, cached_stats  # lazy: torch

        data_stats = cached_stats(StatsRequest(args.data.expanduser(), doc))  # looked up, never computed
    return {"pretrained": False, "data_stats": data_stats}


def _data_report(args: argparse.Namespace) -> Any:
    """The scan of ``--data`` (not decoded: only its classes and files are needed), or None."""
    if args.data is None:
        return None
    from dtf_gui.core.data.scan import scan  # lazy: PIL

    return scan(args.data.expanduser(), decode=False)


def _batch_trace(args: argparse.Namespace, doc: PipelineDocument, report: Any) -> Any:
    """The batch trace of ``doc``'s batch stage (None without batch steps), on ``--data``'s images when given."""
    if not doc.batch.enabled_steps():
        return None
    num_classes = len(report.classes) or None if report is not None else None
    from dtf_gui.core.pipeline.inspect import BATCH_TRACE_SIZE, batch_class_count, dataset_batch, trace_batch

    n = args.batch_size if args.batch_size is not None else BATCH_TRACE_SIZE
    if n < 1:
        raise DataError(msg("batch.cli_batch_size", n=n))
    names = None
    if report is not None and report.classes:
        samples: list[tuple[Any, int]] = dataset_batch(report, n)
        names = list(report.classes)
    else:
        count, _ = batch_class_count(doc, num_classes)
        samples = [(args.image, k % count) for k in range(n)]
    return trace_batch(doc, samples, num_classes=num_classes, seed=args.seed, class_names=names, thumb_size=16)


def _batch_table(batch: Any) -> str:
    """The batch stage: the collated batch, then each batch step -- the images' type, the labels' dtype and shape."""
    source = t(f"batch.cli_source_{batch.num_classes_source}")
    lines = [t("batch.cli_header", n=batch.batch_size, classes=batch.num_classes, source=source)]
    rows = [("#", t("cli.inspect.col_step"), t("batch.cli_col_images"), t("batch.cli_col_labels"), "ms")]
    for info in batch.infos:
        number = "-" if info.step_index is None else str(info.step_index + 1)
        name = t("batch.cli_collated") if info.step_index is None else info.step_name
        if info.error is not None:
            rows.append((number, name, t("batch.cli_failed"), "", f"{info.seconds * 1000:.1f}"))
            continue
        labels = info.label_badge() + (" *" if info.type_changed else "")
        rows.append((number, name, info.images_badge(), labels, f"{info.seconds * 1000:.1f}"))
    widths = [max(width(r[c]) for r in rows) for c in range(4)]
    for r in rows:
        cells = [rjust(r[0], widths[0]), *(ljust(r[c], widths[c]) for c in (1, 2, 3)), rjust(r[4], 6)]
        lines.append("  ".join(cells).rstrip())
    if batch.error:
        lines.append(t("cli.inspect.stopped", error=batch.error))
    return "\n".join(lines)


def _table(result) -> str:
    """Step, badge, per-channel range and time; ``*`` marks a change of kind, dtype or mode."""
    rows = [("#", t("cli.inspect.col_step"), t("cli.inspect.col_type"), t("cli.inspect.col_range"), "ms")]
    for info in result.infos:
        number = "-" if info.step_index is None else str(info.step_index + 1)
        badge = info.badge() + (" *" if info.type_changed else "")
        ranges = info.channel_ranges() if info.error is None else ""
        rows.append((number, _step_name(info.step_name), badge, ranges, f"{info.seconds * 1000:.1f}"))
    widths = [max(width(r[c]) for r in rows) for c in range(4)]
    lines = []
    for r in rows:
        cells = [rjust(r[0], widths[0]), *(ljust(r[c], widths[c]) for c in (1, 2, 3)), rjust(r[4], 6)]
        lines.append("  ".join(cells).rstrip())
    lines.append(t("cli.inspect.legend"))
    return "\n".join(lines)


def _step_name(name: str) -> str:
    """The trace's names for its input rows ("file x.png", "loaded as RGB") in the CLI's language."""
    if name == "loaded as RGB":
        return t("cli.inspect.loaded")
    if name.startswith("file "):
        return t("cli.inspect.file", name=name[len("file "):])
    return name
