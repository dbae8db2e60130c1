"""The size notice: a new dataset of big photos opened with a 64 px pipeline is said, a fitting one is not."""

from __future__ import annotations

from dataclasses import dataclass

from dtf_gui.core.messages import render
from dtf_gui.core.pipeline.build import starter_document
from dtf_gui.core.pipeline.sizes import output_size, size_notice, typical_size
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec


@dataclass
class _Rec:
    width: int
    height: int


class _Report:
    """The two things size_notice reads of a ScanReport."""

    def __init__(self, sizes):
        self.records = [_Rec(w, h) for w, h in sizes]

    def usable(self, split):
        return self.records if split == "train" else []


PHOTOS = _Report([(1024, 768)] * 5 + [(800, 600), (4000, 3000)])


def test_photos_with_a_64_px_pipeline_get_a_notice_naming_both_sizes():
    doc = starter_document(64)
    assert typical_size(PHOTOS) == (1024, 768)
    notice = size_notice(PHOTOS, doc)
    assert notice is not None
    en, zh = render(notice, "en"), render(notice, "zh_CN")
    assert "1024×768" in en and "64 px" in en and "12× smaller" in en
    assert "1024×768" in zh and "64 像素" in zh and "缩小了 12 倍" in zh
    step = output_size(doc.val)[2]
    assert doc.val[step].name in en and f"step {step + 1}" in en


def test_a_fitting_pipeline_and_a_missing_report_say_nothing():
    assert size_notice(PHOTOS, starter_document(224)) is None       # 768 / 224 = 3.4: within 4×
    assert size_notice(None, starter_document(64)) is None
    assert size_notice(_Report([]), starter_document(64)) is None
    no_size = PipelineDocument(train=PipelineSpec.of(("ToImage", {})), val=PipelineSpec.of(("ToImage", {})))
    assert size_notice(PHOTOS, no_size) is None


def test_tiny_images_blown_up_are_said_too_and_the_last_crop_decides():
    digits = _Report([(28, 28)] * 3)
    doc = PipelineDocument(train=PipelineSpec.of(("Resize", {"size": 256}), ("CenterCrop", {"size": [224, 200]})),
                           val=PipelineSpec(()))
    assert output_size(doc.train) == (200, (224, 200), 1)
    notice = size_notice(digits, doc)
    assert notice is not None and "larger" in notice.code
    assert "200×224 px" in render(notice, "en") and "train" in render(notice, "en")
