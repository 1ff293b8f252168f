/* Sortable tables (class "urut"): a click on a header sorts by that column, again to reverse.
   A cell's data-urut holds the number to sort by; empty data-urut (a missing value) sorts last.
   Before printing, every <details> opens so the registry cards are on paper too. */
(function () {
  function kunci(td) {
    var d = td.getAttribute("data-urut");
    if (d === null) return td.textContent.trim().toLowerCase();
    return d === "" ? null : parseFloat(d);
  }
  function bandingkan(a, b, arah) {
    if (a === null && b === null) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    if (typeof a === "number" && typeof b === "number") return (a - b) * arah;
    return String(a).localeCompare(String(b), "id") * arah;
  }
  document.querySelectorAll("table.urut").forEach(function (tabel) {
    tabel.querySelectorAll("thead th").forEach(function (th, i) {
      th.addEventListener("click", function () {
        var arah = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        tabel.querySelectorAll("thead th").forEach(function (x) { x.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", arah === 1 ? "ascending" : "descending");
        var tbody = tabel.tBodies[0];
        var baris = Array.prototype.slice.call(tbody.rows);
        baris.sort(function (a, b) { return bandingkan(kunci(a.cells[i]), kunci(b.cells[i]), arah); });
        baris.forEach(function (tr) { tbody.appendChild(tr); });
      });
    });
    tabel.setAttribute("data-urut-siap", "1");
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();
