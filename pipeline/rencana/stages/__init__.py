"""The extraction stages, in the order runner.py runs them: page stages, then document stages."""
