"""Messages of the calibration domain (calibrated confidence: temperature scaling, reliability, the unknown threshold): code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
}
