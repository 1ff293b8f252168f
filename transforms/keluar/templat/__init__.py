"""Writing the Excel templates agencies without an export fill in (Petunjuk, Data, metadata)."""
