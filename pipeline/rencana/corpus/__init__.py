"""Ingesting a corpus: isolated workers, executors, the incremental store and the exported formats."""
