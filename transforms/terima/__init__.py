"""Receiving files: source recognition, the raw store, filled templates."""
