"""Background work for the GUI: the one JobRunner, job specs over core use cases, the preview service."""
