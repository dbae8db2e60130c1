"""Messages of the similar domain (near-duplicates and leaks by similarity (dtf scan --similar)): code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
}
