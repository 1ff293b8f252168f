"""Components: layout to long table, periods, quarantine, generic tables."""
