"""Above training: the workspace's run index (``index``: list, status, tags and notes, trash), and room for
compare, search, ensembles. Import the modules themselves; this package imports nothing eagerly."""
