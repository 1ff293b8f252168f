"""Write the Excel template an agency officer fills in (``indikator template``).

The workbook has the sheets ``Petunjuk`` (instructions), ``Data`` (one row per region, one
unlocked column per component) and the very hidden ``_indikator`` holding key/value metadata
that :func:`transforms.terima.templat.kenali_template` recognises. Workbooks are written with
openpyxl; every text cell written goes through :func:`transforms.keluar.tulis_aman.amankan_sel`.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection

from schemas.model import Katalog
from transforms.keluar.templat.data import tulis_data
from transforms.keluar.templat.meta import tulis_meta
from transforms.keluar.templat.petunjuk import tulis_petunjuk
from transforms.keluar.templat.rencana import buat_rencana
from transforms.terima.templat_bentuk import SHEET_DATA, SHEET_META, SHEET_PETUNJUK


def buat_template(
    instansi_id: str,
    kode_wilayah: str,
    tahun: int,
    tingkat: str = "desa",
    bulan: int | None = None,
    *,
    out: Path,
    katalog: Katalog | None = None,
) -> Path:
    """Write the template of ``instansi_id`` for the regions of ``tingkat`` under a region.

    Args:
        instansi_id: agency id (``kemenkes``; ``template.kemenkes`` also accepted).
        kode_wilayah: Kemendagri code of the region (any format ``normalize_kode`` accepts).
        tahun: data year; also selects the region master edition (``edisi_untuk_tahun``).
        tingkat: level of the rows, at or below the region's level (one row when equal).
        bulan: month 1-12 for a monthly template; None for the whole year.
        out: the ``.xlsx`` file to write (parent folders are created; replaced atomically).
        katalog: the catalog (loaded when None).

    Returns:
        ``out``.

    Raises:
        TemplateTidakValid: unknown agency, bad code, level or period (Bahasa message).
    """
    r = buat_rencana(instansi_id, kode_wilayah, tahun, tingkat, bulan, katalog)
    wb = Workbook()
    petunjuk = wb.active
    petunjuk.title = SHEET_PETUNJUK
    tulis_petunjuk(petunjuk, r)
    tulis_data(wb.create_sheet(SHEET_DATA), r)
    tulis_meta(wb.create_sheet(SHEET_META), r)
    wb.security = WorkbookProtection(lockStructure=True)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sementara = out.with_name(out.name + ".tmp")
    wb.save(sementara)
    sementara.replace(out)
    return out
