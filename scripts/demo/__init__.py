"""The demo data generator (entry point: scripts/buat_demo.py)."""
