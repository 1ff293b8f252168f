"""Wilayah."""
