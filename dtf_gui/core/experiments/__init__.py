"""Above training: what works on one run's parts or on several runs at once -- the workspace's run index
(``index``: list, status, tags and notes, trash), ``compare``, the learning-rate finder (``lr_find``), and room
for search and ensembles. Import the modules themselves; this package imports nothing eagerly."""
