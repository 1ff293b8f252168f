"""Build-time scripts: generators of the demo data and the test corpus."""
