"""The epoch loop's decisions and records: how an epoch ends the run, the best epoch, frozen preparation."""

from __future__ import annotations

import dataclasses

import pytest

from dtf_gui.core.training.device import PreparedModel
from dtf_gui.core.training.loop import EpochEnd, StartPoint, TrainState, epoch_end
from dtf_gui.core.training.meter import BatchReport, BatchRow, LossTally
from dtf_gui.core.training.schedule import Optimization
from dtf_gui.core.training.staging import CachedFeatures, Loaders, PreparedData, Staged


def _asked(answer: bool) -> tuple[list[int], object]:
    calls: list[int] = []

    def stop_requested() -> bool:
        calls.append(1)
        return answer

    return calls, stop_requested


def test_a_stop_request_ends_the_run_after_the_epoch_unless_it_was_the_last() -> None:
    _, asked = _asked(True)
    assert epoch_end(stale=0, patience=2, is_last=False, stop_requested=asked) is EpochEnd.STOPPED_AFTER
    assert epoch_end(stale=0, patience=2, is_last=True, stop_requested=asked) is EpochEnd.COMPLETED
    _, not_asked = _asked(False)
    assert epoch_end(stale=1, patience=2, is_last=False, stop_requested=not_asked) is EpochEnd.COMPLETED


def test_patience_reached_stops_early_before_a_stop_request_is_even_asked() -> None:
    calls, asked = _asked(True)
    assert epoch_end(stale=2, patience=2, is_last=False, stop_requested=asked) is EpochEnd.EARLY_STOPPED
    assert calls == []  # on several ranks the question is a collective: all ranks skip it alike
    assert epoch_end(stale=5, patience=0, is_last=False, stop_requested=_asked(False)[1]) is EpochEnd.COMPLETED
    assert epoch_end(stale=2, patience=2, is_last=True, stop_requested=_asked(False)[1]) is EpochEnd.COMPLETED


def test_the_best_epoch_is_the_highest_accuracy_then_the_lowest_loss() -> None:
    state = TrainState()
    marks = [state.record(e, train_loss=1.0, val_loss=loss, val_acc=acc, lr=0.1, seconds=1.0)
             for e, (acc, loss) in enumerate([(0.5, 1.0), (0.5, 0.8), (0.4, 0.1), (0.5, 0.9)])]
    assert marks == [True, True, False, False]
    assert (state.best_epoch, state.best_acc, state.best_loss, state.stale) == (2, 0.5, 0.8, 2)
    assert [r["epoch"] for r in state.history] == [1, 2, 3, 4]


def test_a_checkpoint_gives_back_the_state_and_the_start_point() -> None:
    ckpt = {"epoch": 3, "batch": 2, "epoch_loss_sum": 4.5, "epoch_loss_count": 16, "step": 17,
            "history": [{"epoch": 1}], "best_val_acc": 0.75, "best_val_loss": 0.5, "best_epoch": 1,
            "stale_epochs": 2}
    assert StartPoint.of(ckpt) == StartPoint(3, 2, LossTally(4.5, 16)) and StartPoint.of(None) == StartPoint()
    state = TrainState.from_checkpoint(ckpt)
    assert (state.step, state.best_epoch, state.best_acc, state.stale, state.history) == (17, 1, 0.75, 2, [{"epoch": 1}])


@pytest.mark.parametrize("record", [PreparedData, PreparedModel, Staged, Loaders, CachedFeatures, Optimization,
                                    StartPoint, LossTally, BatchRow, BatchReport])
def test_preparation_records_cannot_be_changed_after_the_fact(record: type) -> None:
    fields = dataclasses.fields(record)
    made = record(*[None] * len(fields))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, fields[0].name, "changed")
