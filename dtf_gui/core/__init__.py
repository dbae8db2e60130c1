"""Qt-free core of dtf_gui: data, pipelines, models, training, metrics and export.

Nothing under this package may import PySide6, pyqtgraph or dtf_gui.qt (checked by a test).
"""
