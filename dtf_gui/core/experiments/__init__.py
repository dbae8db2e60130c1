"""Use cases above training: they prepare and run the engine's parts for a question about a run."""
