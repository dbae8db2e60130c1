from __future__ import annotations

from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec, StepSpec
from dtf_gui.qt.state import AppState


def _doc() -> PipelineDocument:
    return PipelineDocument(train=PipelineSpec.of(("Resize", {"size": 8}), ("ToImage", {})),
                            val=PipelineSpec.of(("ToImage", {})))


def test_edits_are_undoable_and_signal(qtbot):
    state = AppState()
    state.set_document(_doc())
    with qtbot.waitSignal(state.document_changed) as blocker:
        state.insert_step("train", 1, StepSpec("CenterCrop", {"size": 4}))
    assert [s.name for s in blocker.args[0].train] == ["Resize", "CenterCrop", "ToImage"]
    state.move_step("train", 0, 2)
    assert [s.name for s in state.document.train] == ["CenterCrop", "ToImage", "Resize"]
    state.set_step_enabled("val", 0, False)
    assert state.document.val[0].enabled is False
    for _ in range(3):
        state.undo_stack.undo()
    assert state.document == _doc()
    state.undo_stack.redo()
    assert [s.name for s in state.document.train] == ["Resize", "CenterCrop", "ToImage"]


def test_param_edits_of_one_field_merge_into_one_undo_step():
    state = AppState()
    state.set_document(_doc())
    for v in (1, 12, 128):
        state.set_step_params("train", 0, {"size": v})
    assert state.document.train[0].params["size"] == 128
    assert state.undo_stack.count() == 1
    state.undo_stack.undo()
    assert state.document.train[0].params["size"] == 8


def test_save_and_load_document_round_trip(tmp_path):
    state = AppState()
    state.set_document(_doc())
    state.remove_step("train", 0)
    path = state.save_document(tmp_path / "p.json")
    other = AppState()
    other.load_document(path)
    assert other.document == state.document
    assert other.document_path == str(path)
    assert other.undo_stack.count() == 0


def test_config_for_run_carries_data_root_split_and_pipeline(tmp_path):
    from dtf_gui.core.config import RunConfig

    state = AppState()
    state.set_document(_doc())
    (tmp_path / "data").mkdir()
    (tmp_path / "held").mkdir()
    state.set_data_root(tmp_path / "data")
    state.set_val_root(tmp_path / "held")
    state.set_val_fraction(0.3)
    cfg = state.config_for_run()
    assert isinstance(cfg, RunConfig)
    assert cfg.data.root == str((tmp_path / "data").resolve()) and cfg.data.val_fraction == 0.3
    assert cfg.data.val_root == str((tmp_path / "held").resolve())
    assert cfg.pipeline == state.document
    path = state.save_config(tmp_path / "run.json")
    other = AppState()
    other.load_config(path)
    assert other.document == state.document
    assert other.data_root == state.data_root and other.val_fraction == 0.3
    assert other.val_root == state.val_root
