"""The weights loader's refusals are Messages: a Chinese UI reads them in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from dtf_gui.core.errors import WeightsError
from dtf_gui.core.models.state_dict import read_weights_file


def test_missing_and_damaged_weights_files_are_said_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"not a safetensors file")
    for path, zh, en in ((tmp_path / "none.pth", "不存在", "does not exist"),
                         (bad, "不是有效的 .safetensors 文件", "is not a valid .safetensors file")):
        with pytest.raises(WeightsError) as info:
            read_weights_file(path)
        assert info.value.message is not None, "an English string, not a Message"
        assert zh in info.value.render("zh_CN") and en in info.value.render("en")
