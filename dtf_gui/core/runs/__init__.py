"""Runs and bundles: the one owner of what a run directory and an export bundle are (STYLE section 1).

rundir (write and read a run), artifacts (read a run or bundle into a model), bundle (write bundles),
evaluate and predict (the use cases). Import the modules themselves; this package imports nothing eagerly.
"""
