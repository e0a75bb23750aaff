"""Maintenance scripts; ``corpus_snapshots`` is shared with the tests."""
