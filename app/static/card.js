// Progressive enhancement of the score card: a running total, a character counter for each
// justification, and a warning before leaving with unsaved changes. The form works without it.
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form) { return; }
  var totalEl = document.getElementById("running-total");
  var dirty = false;

  function parse(text) {
    var value = parseFloat(String(text).replace(",", ".").replace(/\s/g, ""));
    return isNaN(value) ? 0 : value;
  }

  function updateTotal() {
    var sum = 0;
    form.querySelectorAll("input.points-input").forEach(function (input) {
      var key = input.name.replace(/^points_/, "");
      var na = form.querySelector("input[name='na_" + key + "']");
      if (na && na.checked) { return; }
      var weight = parse(input.getAttribute("data-weight") || "1");
      if (input.getAttribute("data-deduction") === "1") {
        // A deduction-only criterion (app.core.rubric.Criterion.counted_points): the full mark adds nothing.
        if (String(input.value).trim() !== "") { sum += (parse(input.value) - parse(input.getAttribute("data-max"))) * weight; }
        return;
      }
      sum += parse(input.value) * weight;
    });
    if (totalEl) { totalEl.textContent = String(Math.max(0, Math.round(sum * 100) / 100)).replace(".", ","); }
  }

  function updateCounter(area) {
    var counter = form.querySelector(".counter[data-for='" + area.id + "']");
    if (!counter) { return; }
    var min = parseInt(area.getAttribute("data-min") || "0", 10);
    var length = area.value.trim().length;
    counter.textContent = length + " / " + min + (length < min ? " ✗" : " ✓");
  }

  form.addEventListener("input", function (event) {
    dirty = true;
    if (event.target.classList.contains("points-input") || event.target.type === "checkbox") { updateTotal(); }
    if (event.target.classList.contains("justification")) { updateCounter(event.target); }
  });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) { return undefined; }
    event.preventDefault();
    event.returnValue = form.getAttribute("data-unsaved");
    return event.returnValue;
  });
  form.querySelectorAll("textarea.justification").forEach(updateCounter);
}());
