"""Messages of the cam domain (Grad-CAM saliency overlays (dtf predict --cam)): code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
}
