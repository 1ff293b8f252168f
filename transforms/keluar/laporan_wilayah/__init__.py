"""The region report for the dinas head (``indikator laporan``): one self-contained HTML page.

One file per idea: :mod:`bahan` reads the published generation for one region and year,
:mod:`periode` and :mod:`target` derive the period kind and the target note (from the columns
``jenis_periode`` / ``catatan_target`` when the fact table has them), :mod:`masalah` places the
run's quarantine and replacement rows in the region, :mod:`alasan` says why a value is missing,
:mod:`grafik` draws the charts (Vega-Lite through altair, rendered to inline SVG at build time),
:mod:`susun` assembles the page's content, :mod:`html` renders it and :mod:`tulis` writes it.
"""
