"""The validation report for the sender of a file: terminal summary, HTML page, annotated XLSX."""
