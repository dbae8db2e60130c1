"""Reading weights files safely: the one ``torch.load`` of dtf_gui, and the one key-prefix stripper.

Why one place: every file a user hands us (pretrained weights, a run's checkpoint, a bundle's model.pth)
goes through :func:`torch_load` -- ``torch.load(path, map_location="cpu", weights_only=True)`` explicitly,
whatever the environment's default -- so a pickle that would build arbitrary objects (and so could run
code) is refused before anything in it runs, and the refusal says so in the same words everywhere.
torch is imported lazily: the ``dtf`` command line and the run readers import this module at start-up.
"""

from __future__ import annotations

import pickle
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dtf_gui.core.errors import WeightsError
from dtf_gui.core.fileio import display_name, file_kind
from dtf_gui.core.messages import msg

#: DataParallel / DDP (``module.``) and torch.compile (``_orig_mod.``) wrap a model's keys in these.
PREFIXES = ("module.", "_orig_mod.")


def torch_load(path: str | Path, *, mmap: bool = False) -> Any:
    """``torch.load`` with ``weights_only=True`` onto the CPU: tensors, numbers and containers only.

    Raises what torch raises; :func:`read_weights_file` turns that into a clear WeightsError.
    ``mmap`` maps the file instead of reading it (cheap when only a small entry is wanted).
    """
    import torch

    return torch.load(path, map_location="cpu", weights_only=True, mmap=mmap)


def strip_prefixes(sd: Mapping[str, Any]) -> dict[str, Any]:
    """Remove ``module.`` and ``_orig_mod.`` prefixes (in any order, repeated) so keys match torchvision's."""
    out: dict[str, Any] = {}
    for k, v in sd.items():
        changed = True
        while changed:
            changed = False
            for pre in PREFIXES:
                if k.startswith(pre):
                    k = k[len(pre):]
                    changed = True
        out[k] = v
    return out


def refusal(path: Path, err: Exception) -> WeightsError:
    """A user-facing refusal for a file the restricted (weights_only) unpickler rejected."""
    reason = str(err).strip()
    m = re.search(r"GLOBAL ([\w.]+)", reason)
    head = msg("models.refused_head", name=path.name)
    if m is None:
        op = re.search(r"Unsupported operand (\d+)", reason)
        what = msg("models.refused_opcode", op=op.group(1)) if op else ""
        return WeightsError(msg("models.refused_damaged", head=head, what=what))
    name = m.group(1)
    code = ("models.refused_model_object" if name.startswith(("torchvision.", "torch.nn.", "__main__."))
            else "models.refused_code")
    return WeightsError(msg(code, head=head, ref=name))


def read_weights_file(path: str | Path) -> Any:
    """What a ``.safetensors`` file or a ``.pth``/``.pt`` pickle holds, read safely; WeightsError otherwise.

    The object is returned as stored (a state_dict, a training checkpoint...); callers unwrap it. A FIFO,
    device or folder given as the file is refused by its kind, never opened.
    """
    p = Path(path).expanduser()
    kind = file_kind(p)
    if kind == "missing":
        raise WeightsError(msg("models.weights_missing", path=display_name(p)))
    if kind is not None:
        raise WeightsError(msg("common.not_a_regular_file", path=display_name(p), kind=msg(f"common.kind_{kind}"),
                               what=msg("runs.what_weights")))
    if p.suffix.lower() == ".safetensors":
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        try:
            return dict(load_file(str(p), device="cpu"))
        except (SafetensorError, OSError, ValueError) as e:
            raise WeightsError(msg("models.bad_safetensors", name=display_name(p.name), reason=str(e))) from e
    try:
        return torch_load(p)
    except pickle.UnpicklingError as e:
        raise refusal(p, e) from None
    except RuntimeError as e:
        if "weights_only" in str(e) or "Weights only load failed" in str(e):
            raise refusal(p, e) from None
        raise WeightsError(msg("models.unreadable_weights", name=display_name(p.name), reason=str(e))) from e
    except (EOFError, zipfile.BadZipFile, OSError, ValueError) as e:
        raise WeightsError(msg("models.damaged_weights", name=display_name(p.name),
                               reason=f"{type(e).__name__}: {e}")) from e
