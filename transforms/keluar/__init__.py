"""Outputs: Parquet generations, reports, templates, safe writers."""
