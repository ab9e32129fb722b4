// Checks as the secretary types: row value = unit cost × units, the V.A total against V.B row 1,
// and V.B row 1 = 2 + 3.1 + 3.2 + 4. The server runs the same checks on save; this only helps.
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
  }
  form.addEventListener("input", update);
  update();
}());
