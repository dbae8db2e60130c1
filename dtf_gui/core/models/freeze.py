"""Freeze groups as a user sees them: how big each one is, and which plan a ticked group means.

Both are domain rules, not widget logic: the Training panel draws them, a CLI listing or a test can ask the
same questions without Qt.
"""

from __future__ import annotations

from functools import lru_cache

from dtf_gui.core.models.zoo import HEAD, freeze_groups, meta_skeleton


@lru_cache(maxsize=32)
def group_param_counts(arch: str, num_classes: int) -> tuple[tuple[str, int], ...]:
    """(group, parameter count) from input to head, for ``arch`` with a ``num_classes`` head.

    Counted on the structure alone (the meta device where the builder allows it): instant and without
    memory, so a form can update the counts as the user picks; cached because it asks again and again.
    """
    model = meta_skeleton(arch, num_classes)
    return tuple((group.name, group.n_params) for group in freeze_groups(model, arch))


def plan_from_ticked_group(groups: list[str], group: str, ticked: bool) -> tuple[str, int | None] | None:
    """The freeze plan meant by (un)ticking ``group`` in a list of ``groups`` (input to output, head last).

    Ticking a group trains it and every group after it; unticking it trains only the groups after it. The
    result is ``(plan, k)``: ``("full", None)`` when every group trains, ``("head", None)`` when no backbone
    group does, otherwise ``("last_k", k)``. None for the head (it always trains) or an unknown group.
    """
    backbone = [name for name in groups if name != HEAD]
    if group not in backbone:
        return None
    after = len(backbone) - backbone.index(group)  # the group and those after it
    k = after if ticked else after - 1
    if k >= len(backbone):
        return ("full", None)
    if k == 0:
        return ("head", None)
    return ("last_k", k)


__all__ = ["group_param_counts", "plan_from_ticked_group"]
