"""The run's plain steps: read each raw file, compute, publish; the Prefect flow calls these."""
