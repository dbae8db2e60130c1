"""The message catalogue: ``code -> (English, Simplified Chinese)`` for every sentence the core says.

One table per domain (a module each, so work on one domain never edits another's table); codes are
``<domain>.<what>`` and unique across tables (a test checks). Templates use ``str.format`` fields named after
the message's parameters. Data tables, not logic: modules here import nothing from the project.

Glossary (one word for each term, everywhere): see :data:`GLOSSARY`.
"""

from __future__ import annotations

from dtf_gui.core.catalogue import (
    batch,
    calibration,
    cam,
    cli,
    common,
    compare,
    config,
    curate,
    embed,
    embed_map,
    ensemble,
    evaluate,
    experiments,
    labels,
    lint,
    lr_find,
    models,
    pipeline,
    regression,
    runs,
    scan,
    search,
    similar,
    stats,
    training,
    tta,
)

#: English term -> the one Chinese word used for it in every message (and in the Qt glossary).
GLOSSARY: dict[str, str] = {
    "undo": "撤销",
    "redo": "重做",
    "dataset": "数据集",
    "class": "类别",
    "split": "划分",
    "train (split)": "训练集",
    "val (split)": "验证集",
    "quarantine": "隔离区",
    "journal": "日志",
    "run": "运行",
    "run folder": "运行文件夹",
    "bundle": "导出包",
    "checkpoint": "检查点",
    "pipeline": "流水线",
    "pipeline step": "步骤",
    "optimizer step": "步",
    "failed": "失败",
    "epoch": "轮次",
    "folder": "文件夹",
    "file": "文件",
    "image": "图像",
    "config": "配置",
    "field": "字段",
    "weights": "权重",
    "model": "模型",
    "workspace": "工作区",
    "trash": "回收站",
    "tag": "标签",
    "note": "备注",
    "ensemble": "集成",
}

_TABLES = (
    batch.TEXTS, calibration.TEXTS, cam.TEXTS, embed.TEXTS, embed_map.TEXTS, labels.TEXTS, similar.TEXTS,
    cli.TEXTS, common.TEXTS, compare.TEXTS, config.TEXTS, curate.TEXTS, ensemble.TEXTS, evaluate.TEXTS,
    experiments.TEXTS, lint.TEXTS, lr_find.TEXTS, models.TEXTS, pipeline.TEXTS, runs.TEXTS, scan.TEXTS, search.TEXTS,
    stats.TEXTS, training.TEXTS, regression.TEXTS, tta.TEXTS,
)

CATALOGUE: dict[str, tuple[str, str]] = {}
for _table in _TABLES:
    CATALOGUE.update(_table)
