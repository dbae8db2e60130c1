"""Above training: what works on several runs at once (the run index, compare, search, ensembles)."""
