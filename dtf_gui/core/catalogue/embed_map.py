"""Messages of the embed_map domain (the 2-D embedding map of a dataset's features): code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
}
