"""The errors codegen and dtf_gui's own steps raise are catalogue Messages: a Chinese user reads them in
Chinese, and the exception still names the step and the value."""

from __future__ import annotations

import re

import pytest

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.messages import Message, render
from dtf_gui.core.pipeline import codegen, custom
from dtf_gui.core.pipeline.registry import ParamSpec
from dtf_gui.core.pipeline.spec import StepSpec

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _message(excinfo) -> Message:
    err = excinfo.value
    m = err.message if isinstance(err, PipelineError) else err.args[0]
    assert isinstance(m, Message), f"{type(err).__name__} carries English text, not a Message: {m!r}"
    return m


@pytest.mark.parametrize(("call", "needle"), [
    (lambda: codegen.step_expression(StepSpec("Resize", {"not-a-name": 1})), "'not-a-name'"),
    (lambda: codegen._value("interpolation", "interpolation", "wobbly"), "'wobbly'"),
    (lambda: codegen._identifier("float 32"), "'float 32'"),
    (lambda: codegen._literal(object), "type"),
    (lambda: codegen.step_expression(StepSpec("Resise", {})), "Resise"),
    (lambda: custom.MedianFilter(4), "4"),
    (lambda: custom.ConvertMode("XYZ"), "'XYZ'"),
    (lambda: custom.ConvertMode("RGB")(__import__("torch").zeros(3, 2, 2)), "Tensor"),
    (lambda: ParamSpec("x", "wobbly", 0), "'wobbly'"),
])
def test_pipeline_errors_are_messages_in_both_languages(call, needle):
    with pytest.raises((PipelineError, ValueError, TypeError)) as excinfo:
        call()
    m = _message(excinfo)
    assert needle in render(m, "en") and needle in render(m, "zh_CN")
    assert _HAN.search(render(m, "zh_CN")) and not _HAN.search(render(m, "en"))
