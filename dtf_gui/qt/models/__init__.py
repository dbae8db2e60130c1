"""Qt item models over AppState and the core's results (palette, pipeline steps, runs)."""
