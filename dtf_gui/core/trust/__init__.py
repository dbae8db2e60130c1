"""Trusting the data and the model (on top, beside ``experiments``): image embeddings (``embed``), the
label-error finder (``label_issues``), near-duplicates and leaks (``similar``), Grad-CAM saliency (``cam``),
calibrated confidence with an "unknown" answer (``calibration``) and the 2-D embedding map (``embed_map``).
Import the modules themselves; this package imports nothing eagerly."""
