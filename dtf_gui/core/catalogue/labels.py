"""Messages of the labels domain (label-error finder (confident learning with cleanlab; Data → Suspects, dtf label-issues)): code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
}
