"""Above training: what works on several runs at once -- the workspace's run index (``index``: list, status,
tags and notes, trash), ``compare``, and room for search and ensembles. Import the modules themselves; this
package imports nothing eagerly."""
