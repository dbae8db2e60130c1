"""Model zoo: head replacement as a tutorial writes it, freeze groups, plans, BatchNorm under freezing."""

from __future__ import annotations

import pytest
import torch
import torchvision
from torch import nn

from dtf_gui.core.errors import ModelError
from dtf_gui.core.models import (
    ARCHS,
    HEAD,
    PLANS,
    apply_freeze,
    arch_choices,
    backbone_frozen,
    build_model,
    freeze_groups,
    get_head,
    head_recipe,
    input_size,
    param_counts,
    param_groups,
    plan_groups,
    replace_head,
    set_frozen_bn_eval,
    set_head,
    trainable_at_epoch,
)
from dtf_gui.core.models.zoo import group_names, lr_factors, meta_skeleton

REQUIRED = [
    "resnet18", "resnet34", "resnet50", "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large",
    "efficientnet_b0", "convnext_tiny", "regnet_y_400mf",
]  # fmt: skip


def _fresh_with_recipe(arch: str, n: int, dropout: float, *, meta: bool) -> nn.Module:
    """What a user (or the bundle's predict.py) does: plain torchvision model, then the recipe's lines."""
    ctx = torch.device("meta") if meta else torch.device("cpu")
    try:
        with ctx:
            m = getattr(torchvision.models, arch)()
            exec(head_recipe(arch, n, dropout), {"m": m, "nn": nn})
    except NotImplementedError:  # regnet's builder computes widths with real tensors
        m = getattr(torchvision.models, arch)()
        exec(head_recipe(arch, n, dropout), {"m": m, "nn": nn})
    return m


def test_required_architectures_are_listed_with_display_names_and_sizes():
    assert set(REQUIRED) <= set(ARCHS)
    choices = dict(arch_choices())
    assert set(choices) == set(ARCHS)
    assert choices["resnet18"].startswith("ResNet-18")
    assert input_size("resnet50") == 224
    assert input_size("efficientnet_b2") == 288  # torchvision's eval crop for B2


@pytest.mark.parametrize("arch", list(ARCHS))
def test_groups_partition_all_parameters_and_recipe_reproduces_the_structure(arch):
    for dropout in (0.0, 0.3):
        model = meta_skeleton(arch, 7, dropout)
        groups = freeze_groups(model, arch)
        assert [g.name for g in groups] == group_names(arch)
        assert groups[-1].name == HEAD and 4 <= len(groups) <= 7
        names = [n for g in groups for n in g.param_names]
        all_params = dict(model.named_parameters())
        assert sorted(names) == sorted(all_params)  # every parameter in exactly one group
        assert sum(g.n_params for g in groups) == sum(p.numel() for p in all_params.values())
        head = get_head(model, arch)
        dev = next(head.parameters()).device
        assert head(torch.empty(1, _in_features(model, arch), device=dev)).shape == (1, 7)

        fresh = _fresh_with_recipe(arch, 7, dropout, meta=True)
        assert str(fresh) == str(model)  # same modules, same Dropout p
        assert {k: v.shape for k, v in fresh.state_dict().items()} == {
            k: v.shape for k, v in model.state_dict().items()
        }


def _in_features(model: nn.Module, arch: str) -> int:
    head = get_head(model, arch)
    return (head[-1] if isinstance(head, nn.Sequential) else head).in_features


@pytest.mark.parametrize(
    ("arch", "dropout"), [("resnet18", 0.25), ("mobilenet_v2", 0.4), ("convnext_tiny", 0.1)]
)
def test_state_dict_loads_into_plain_torchvision_after_recipe_and_gives_same_logits(arch, dropout):
    torch.manual_seed(0)
    ours = build_model(arch, 5, weights="none", dropout=dropout).eval()
    fresh = _fresh_with_recipe(arch, 5, dropout, meta=False)
    fresh.load_state_dict(ours.state_dict())  # strict: no prefixes, no wrapper
    fresh.eval()
    x = torch.randn(1, 3, 32, 32)
    with torch.no_grad():
        assert torch.equal(ours(x), fresh(x))
    assert type(ours) is type(fresh)  # plain torchvision class, no wrapper


def test_head_recipe_text_is_what_a_tutorial_writes():
    assert head_recipe("resnet18", 10) == "m.fc = nn.Linear(m.fc.in_features, 10)\n"
    assert head_recipe("mobilenet_v2", 3, 0.5) == (
        "m.classifier[0].p = 0.5\nm.classifier[1] = nn.Linear(m.classifier[1].in_features, 3)\n"
    )
    assert head_recipe("convnext_tiny", 4, 0.2) == (
        "m.classifier[2] = nn.Sequential(nn.Dropout(p=0.2), nn.Linear(m.classifier[2].in_features, 4))\n"
    )
    assert (
        head_recipe("mobilenet_v3_small", 2)
        == "m.classifier[3] = nn.Linear(m.classifier[3].in_features, 2)\n"
    )


def test_replace_head_twice_keeps_in_features_and_dropout_zero_keeps_default():
    m = build_model("mobilenet_v2", 3, weights="none")
    assert m.classifier[0].p == pytest.approx(0.2)  # torchvision's default stays
    replace_head(m, "mobilenet_v2", 9, dropout=0.3)
    assert m.classifier[1].out_features == 9 and m.classifier[1].in_features == 1280
    assert m.classifier[0].p == pytest.approx(0.3)
    r = build_model("resnet18", 3, weights="none", dropout=0.2)
    replace_head(r, "resnet18", 4, dropout=0.2)
    assert isinstance(r.fc, nn.Sequential) and r.fc[1].in_features == 512 and r.fc[1].out_features == 4


def test_plans():
    gs = group_names("resnet18")
    assert gs == ["stem", "layer1", "layer2", "layer3", "layer4", "head"]
    assert plan_groups(gs, "full") == set(gs) == plan_groups(gs, "discriminative")
    assert plan_groups(gs, "head") == {"head"} == plan_groups(gs, "gradual")
    assert plan_groups(gs, "last_k", k=2) == {"head", "layer4", "layer3"}
    assert plan_groups(gs, "last_k", k=0) == {"head"}
    assert plan_groups(gs, "last_k", k=99) == set(gs)
    assert trainable_at_epoch(gs, "gradual", 0, unfreeze_epoch=2) == {"head"}
    assert trainable_at_epoch(gs, "gradual", 1, unfreeze_epoch=2) == {"head"}
    assert trainable_at_epoch(gs, "gradual", 2, unfreeze_epoch=2) == set(gs)
    assert trainable_at_epoch(gs, "last_k", 5, k=1) == {"head", "layer4"}
    assert set(PLANS) == {"full", "head", "last_k", "discriminative", "gradual"}
    with pytest.raises(ModelError, match="Unknown freeze plan 'heads'"):
        plan_groups(gs, "heads")
    with pytest.raises(ModelError, match="freeze.k"):
        plan_groups(gs, "last_k", k=-1)


def test_apply_freeze_counts_and_backbone_frozen():
    m = build_model("resnet18", 10, weights="none")
    total = sum(p.numel() for p in m.parameters())
    assert param_counts(m) == (total, total)
    apply_freeze(m, "resnet18", {"head"})
    assert param_counts(m) == (512 * 10 + 10, total)
    assert backbone_frozen(m, "resnet18")
    apply_freeze(m, "resnet18", plan_groups(group_names("resnet18"), "last_k", 1))
    groups = {g.name: g for g in freeze_groups(m, "resnet18")}
    assert groups["layer4"].n_trainable == groups["layer4"].n_params > 0
    assert groups["layer3"].n_trainable == 0
    assert param_counts(m)[0] == groups["layer4"].n_params + groups["head"].n_params
    assert not backbone_frozen(m, "resnet18")
    with pytest.raises(ModelError, match="Unknown freeze group"):
        apply_freeze(m, "resnet18", {"layer5"})


def test_frozen_batchnorm_keeps_running_stats_trainable_one_updates():
    torch.manual_seed(0)
    m = build_model("resnet18", 3, weights="none")
    apply_freeze(m, "resnet18", {"head", "layer4"})
    m.train()
    set_frozen_bn_eval(m)
    assert not m.bn1.training and not m.layer3[0].bn1.training
    assert m.layer4[0].bn1.training and m.training
    frozen_before = m.layer2[0].bn1.running_mean.clone()
    trained_before = m.layer4[0].bn1.running_mean.clone()
    m(torch.randn(4, 3, 32, 32) * 3 + 1)
    assert torch.equal(m.layer2[0].bn1.running_mean, frozen_before)
    assert not torch.equal(m.layer4[0].bn1.running_mean, trained_before)


def test_discriminative_param_groups_and_gradual_unfreezing_with_one_optimizer():
    torch.manual_seed(0)
    arch = "mobilenet_v3_small"
    m = build_model(arch, 3, weights="none")
    factors = lr_factors(group_names(arch), 0.1)
    values = [factors[g] for g in group_names(arch)]
    assert values[0] == pytest.approx(0.1) and values[-1] == 1.0
    assert values == sorted(values)  # geometric, rising towards the head
    pgs = param_groups(m, arch, 1e-3, 0.1)
    assert [g["name"] for g in pgs] == group_names(arch)
    assert pgs[-1]["lr"] == pytest.approx(1e-3) and pgs[0]["lr"] == pytest.approx(1e-4)
    assert sum(len(g["params"]) for g in pgs) == len(list(m.parameters()))

    # gradual: optimizer built once over everything; frozen groups must not move (AdamW decay included)
    opt = torch.optim.AdamW(param_groups(m, arch, 1e-2, 0.1), weight_decay=0.1)
    gs = group_names(arch)
    x, y = torch.randn(2, 3, 32, 32), torch.tensor([0, 2])
    stem_before = m.features[0][0].weight.detach().clone()
    for epoch in range(2):
        apply_freeze(m, arch, trainable_at_epoch(gs, "gradual", epoch, unfreeze_epoch=1))
        m.train()
        set_frozen_bn_eval(m)
        opt.zero_grad()
        nn.functional.cross_entropy(m(x), y).backward()
        opt.step()
        if epoch == 0:
            assert torch.equal(m.features[0][0].weight, stem_before)
    assert not torch.equal(m.features[0][0].weight, stem_before)


def test_set_head_identity_gives_features_for_the_cache():
    m = build_model("mobilenet_v3_small", 4, weights="none").eval()
    head = set_head(m, "mobilenet_v3_small", nn.Identity())
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        feats = m(x)
        assert feats.shape == (2, 1024)  # output of the hidden Linear before the head
        assert set_head(m, "mobilenet_v3_small", head).__class__ is nn.Identity
        assert torch.allclose(m(x), head(feats))


def test_errors_name_the_problem():
    with pytest.raises(ModelError, match="Did you mean 'resnet18'"):
        build_model("resnet_18", 3, weights="none")
    with pytest.raises(ModelError, match="positive integer"):
        build_model("resnet18", 0, weights="none")
    with pytest.raises(ModelError, match="Dropout"):
        head_recipe("resnet18", 3, dropout=1.5)


def test_zoo_errors_are_messages_in_both_languages():
    from dtf_gui.core.messages import Message
    from dtf_gui.core.models.zoo import arch_info

    cases = [lambda: arch_info("resnet19"), lambda: plan_groups(["stem", HEAD], "half"),
             lambda: plan_groups(["stem"], "full"), lambda: replace_head(meta_skeleton("resnet18"), "resnet18", 0),
             lambda: lr_factors(["stem", HEAD], 2.0)]
    for case in cases:
        with pytest.raises(ModelError) as caught:
            case()
        assert isinstance(caught.value.message, Message)
        english, chinese = caught.value.render("en"), caught.value.render("zh_CN")
        assert english != chinese and any("\u4e00" <= ch <= "\u9fff" for ch in chinese)
    with pytest.raises(ModelError, match="Did you mean 'resnet18'"):
        arch_info("resnet19")
