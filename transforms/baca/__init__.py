"""Reading report files (CSV, Excel) as text cells with their physical row numbers."""
