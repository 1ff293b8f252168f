"""The Bahasa explanation of each rule, shown per rule in the sender's report."""

from __future__ import annotations

from transforms.keluar.laporan.teks import ubah_teks

PENJELASAN = {
    "berkas_ditolak": "Seluruh berkas tidak dapat dipakai (struktur atau format berkas salah).",
    "wilayah_tidak_dikenal": "Nama wilayah tidak ditemukan di master wilayah Kemendagri; "
    "periksa ejaan nama kabupaten/kecamatan/kelurahan.",
    "nama_wilayah_mirip": "Nama wilayah hanya mirip dengan nama di master Kemendagri; "
    "baris tetap dipakai, mohon periksa ejaannya.",
    "bulan_tidak_dikenal": "Nama bulan tidak dikenali (tulis JANUARI..DESEMBER atau 1-12).",
    "bulan_tidak_sesuai": "Bulan di berkas berbeda dengan bulan laporan yang dikirim.",
    "angka_tidak_valid": "Sel seharusnya berisi angka (jumlah), tetapi berisi teks lain.",
    "angka_negatif": "Jumlah tidak boleh negatif.",
    "bukan_bilangan_bulat": "Jumlah harus bilangan bulat (tanpa pecahan).",
    "jumlah_bagian_tidak_sama": "Total tidak sama dengan jumlah bagian-bagiannya.",
    "persen_tertulis_berbeda": "Persentase yang tertulis berbeda dengan hasil hitung ulang.",
    "pembilang_melebihi_penyebut": "Pembilang tidak boleh lebih besar dari penyebutnya.",
}


def cari_penjelasan(aturan: str, pesan: object) -> str:
    """The Bahasa explanation of a rule (its first message when the rule is not known here)."""
    return PENJELASAN.get(aturan) or ubah_teks(pesan)
