"""Reading files: preflight, CSV, Excel, header shapes, numbers."""
