"""What ticking a freeze group means as a plan, and each group's parameter count (the Training panel's list)."""

from __future__ import annotations

import pytest
import torchvision

from dtf_gui.core.models.freeze import group_param_counts, plan_from_ticked_group
from dtf_gui.core.models.zoo import HEAD, plan_groups

GROUPS = ["stem", "layer1", "layer2", "layer3", "layer4", HEAD]


@pytest.mark.parametrize(("group", "ticked", "plan"), [
    ("layer3", True, ("last_k", 2)),     # layer3, layer4 and the head train
    ("layer3", False, ("last_k", 1)),    # only what follows layer3: layer4 and the head
    ("stem", True, ("full", None)),      # everything
    ("layer4", False, ("head", None)),   # nothing of the backbone
    ("stem", False, ("last_k", 4)),
])
def test_ticking_a_group_trains_it_and_every_group_after_it(group, ticked, plan):
    assert plan_from_ticked_group(GROUPS, group, ticked) == plan
    name, k = plan
    trained = plan_groups(GROUPS, name, k or 1)
    i = GROUPS.index(group)
    assert trained == set(GROUPS[i if ticked else i + 1:])


def test_the_head_is_not_a_choice():
    assert plan_from_ticked_group(GROUPS, HEAD, False) is None
    assert plan_from_ticked_group(GROUPS, "no_such_group", True) is None


def test_group_param_counts_match_the_real_model():
    counts = dict(group_param_counts("resnet18", 7))
    assert list(counts) == GROUPS
    model = torchvision.models.resnet18(num_classes=7)
    assert sum(counts.values()) == sum(p.numel() for p in model.parameters())
    assert counts[HEAD] == 512 * 7 + 7
    assert group_param_counts("resnet18", 7) is group_param_counts("resnet18", 7)  # cached: live in the GUI
