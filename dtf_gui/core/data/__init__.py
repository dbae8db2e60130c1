"""Datasets: the folder scan and health report, the training loader, curation without loss, the demo digits."""
