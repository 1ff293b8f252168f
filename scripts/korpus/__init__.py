"""The bad-input corpus generator (entry point: scripts/buat_korpus.py)."""
