"""The ensemble as one torch module: members' softmax probabilities, weighted and averaged.

Imported lazily (it needs torch at import time) by :mod:`.artifacts` (reading an ensemble bundle) and
:mod:`.ensemble` (writing one). Each member keeps its own val pipeline, so the module takes one input batch per
distinct pipeline (``groups[i]`` is the input member ``i`` reads); members that share a pipeline share an input.

``forward`` returns the LOG of the weighted mean of the members' probabilities. Evaluation and prediction
apply a softmax to whatever a model returns; the softmax of log-probabilities that sum to one is exactly those
probabilities, so a single model and an ensemble are the same to them (and the loss is the mixture's
cross-entropy). :class:`EnsembleProbs` returns the probabilities themselves: the exported ONNX graph.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn


class EnsembleModel(nn.Module):
    """``log(sum_i w_i * softmax(member_i(x[groups[i]])))`` with the weights normalised to sum to one."""

    def __init__(self, members: Sequence[nn.Module], weights: Sequence[float], groups: Sequence[int]) -> None:
        super().__init__()
        if not (len(members) == len(weights) == len(groups)) or not members:
            raise ValueError("members, weights and groups must have the same non-zero length")
        total = float(sum(weights))
        if not total > 0 or any(w < 0 for w in weights):
            raise ValueError("weights must be non-negative and not all zero")
        self.members = nn.ModuleList(members)
        self.groups = [int(g) for g in groups]
        self.register_buffer("weights", torch.tensor([float(w) / total for w in weights], dtype=torch.float32))

    @property
    def num_inputs(self) -> int:
        return max(self.groups) + 1

    def member_log_probs(self, *xs: torch.Tensor) -> list[torch.Tensor]:
        """Each member's log-softmax on its own input (fp32)."""
        return [torch.log_softmax(m(xs[g]).float(), dim=1) for m, g in zip(self.members, self.groups, strict=True)]

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        stacked = torch.stack(self.member_log_probs(*xs), dim=0)  # (members, batch, classes)
        return torch.logsumexp(stacked + torch.log(self.weights)[:, None, None], dim=0)


class EnsembleProbs(nn.Module):
    """The same ensemble returning probabilities (``sum_i w_i softmax_i``): what model.onnx computes."""

    def __init__(self, ensemble: EnsembleModel) -> None:
        super().__init__()
        self.ensemble = ensemble

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        e = self.ensemble
        out = None
        for k, (m, g) in enumerate(zip(e.members, e.groups, strict=True)):
            p = torch.softmax(m(xs[g]).float(), dim=1) * e.weights[k]
            out = p if out is None else out + p
        return out
