// Checks as the secretary types: row value = unit cost × units, the V.A total against V.B row 1,
// V.B row 1 = 2 + 3.1 + 3.2 + 4, and the call's minimum own contribution (the share of row 2 or row 1,
// rounded up to the grosz, against the rows the call counts: app.core.offer_checks.own_share_check).
// The server runs the same checks on save; this only helps.
(function () {
  "use strict";
  var form = document.querySelector("form.offer-entry");
  if (!form) { return; }
  function num(input) {
    if (!input) { return 0; }
    var v = parseFloat(String(input.value).replace(/\s|zł/g, "").replace(",", "."));
    return isNaN(v) ? 0 : v;
  }
  function money(v) { return v.toFixed(2).replace(".", ",").replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0") + "\u00a0zł"; }
  function cents(v) { return BigInt(Math.round(v * 100)); }
  function money2(c) { return money(Number(c) / 100); }
  // Whole grosze and millionths of the share, so that 1,5 % of 100 000,00 zł is exactly 1 500,00 zł.
  function ownShare(note) {
    var share = note.dataset.minShare;
    if (share === undefined) { return ""; }
    var micro = BigInt(Math.round(parseFloat(share) * 1000000));
    var baseRow = note.dataset.base === "grant" ? "2" : "1";
    var base = cents(num(field(form, note.dataset.base === "grant" ? "grant" : "total_costs")));
    var required = (base * micro + 999999n) / 1000000n;
    var rows = note.dataset.rows;
    var counted = cents(num(field(form, "own_financial")));
    if (rows !== "3.1") { counted += cents(num(field(form, "own_non_financial"))); }
    if (rows === "3.1+3.2+4") { counted += cents(num(field(form, "participant_payments"))); }
    return rows + ": " + money2(counted) + (counted < required ? " < " : " ≥ ") + money2(required) +
      " (" + String(parseFloat(share) * 100).replace(".", ",") + "% × " + baseRow + ")";
  }
  function field(scope, name) { return scope.querySelector("[name$='-" + name + "'], [name='" + name + "']"); }
  function update() {
    var total = 0;
    form.querySelectorAll(".cost-row").forEach(function (row) {
      var product = Math.round(num(field(row, "unit_cost")) * num(field(row, "units")) * 100) / 100;
      var value = num(field(row, "value"));
      total += value;
      var note = row.querySelector(".live-check");
      note.textContent = (product || value) && Math.abs(product - value) >= 0.005
        ? "× = " + money(product) + " ≠ " + money(value) : "";
    });
    var rowOne = num(field(form, "total_costs"));
    var sources = num(field(form, "grant")) + num(field(form, "own_financial")) +
      num(field(form, "own_non_financial")) + num(field(form, "participant_payments"));
    form.querySelector(".live-total").textContent = "V.A: " + money(total) +
      (Math.abs(total - rowOne) >= 0.005 ? " ≠ V.B 1: " + money(rowOne) : " = V.B 1");
    form.querySelector(".live-funding").textContent = "2 + 3 + 4 = " + money(sources) +
      (Math.abs(sources - rowOne) >= 0.005 ? " ≠ 1: " + money(rowOne) : " = 1");
    var own = form.querySelector(".live-own-share");
    if (own) { own.textContent = ownShare(own); }
  }
  form.addEventListener("input", update);
  update();
}());
