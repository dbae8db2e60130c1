"""dtf_gui: point-and-click fine-tuning of image classifiers with PyTorch."""

__version__ = "0.1.0"
