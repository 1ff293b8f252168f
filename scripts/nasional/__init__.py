"""The national SIGA generator (entry point: ``scripts/buat_nasional.py``)."""
