"""Messages of the config domain: code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "config.out_of_range": (
        "{field}: {value} is out of range (allowed: {range}); expected {help}.",
        "{field}：{value} 超出允许范围（{range}）；应为：{help}。"),
    "config.not_finite": (
        "{field}: {value} is not a finite number (allowed: {range}); expected {help}.",
        "{field}：{value} 不是有限的数（允许范围：{range}）；应为：{help}。"),
    "config.range_from": ("from {low} to {high}", "{low} 到 {high}"),
    "config.what_config": ("run configuration", "运行配置"),
    "config.what_pipeline": ("pipeline", "流水线"),
    "config.range_above": ("above {low} and at most {high}", "大于 {low} 且不超过 {high}"),
}
