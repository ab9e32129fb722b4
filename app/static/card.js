// Progressive enhancement of the score card: a running total with its share of the maximum, marked
// "unsaved" until the card is saved; a character counter for each justification; and a warning before
// leaving with unsaved changes. Without it the page shows the saved total and the form works the same.
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form) { return; }
  var box = document.getElementById("running-total-box");
  var formats = JSON.parse(box.getAttribute("data-formats"));
  var dirty = false;

  function parse(text) {
    var value = parseFloat(String(text).replace(/\s/g, "").replace(",", "."));
    return isNaN(value) ? 0 : value;
  }

  // Up to two decimals, without trailing zeros, in the page's locale (as the server's "points" filter).
  function plain(value) {
    var parts = (Math.round(value * 100) / 100).toFixed(2).replace(/\.?0+$/, "").split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, formats.group);
    return parts.join(formats.decimal);
  }

  function updateTotal() {
    var sum = 0;
    var max = 0;
    form.querySelectorAll("input.points-input").forEach(function (input) {
      var key = input.name.replace(/^points_/, "");
      var na = form.querySelector("input[name='na_" + key + "']");
      if (na && na.checked) { return; }  // "nie dotyczy" leaves both the total and the maximum
      var weight = parse(input.getAttribute("data-weight") || "1");
      if (input.getAttribute("data-deduction") === "1") {
        // A deduction-only criterion (app.core.rubric.Criterion.counted_points): the full mark adds nothing
        // to the total or the maximum; a lower mark is subtracted.
        if (String(input.value).trim() !== "") { sum += (parse(input.value) - parse(input.getAttribute("data-max"))) * weight; }
        return;
      }
      max += parse(input.getAttribute("data-max")) * weight;
      sum += parse(input.value) * weight;
    });
    sum = Math.max(0, sum);  // a card never goes below 0 (app.core.scoring)
    document.getElementById("running-total").textContent = plain(sum);
    document.getElementById("running-max").textContent = plain(max);
    document.getElementById("running-share").textContent =
      max > 0 ? "(" + formats.share.replace("{}", plain(Math.round(sum / max * 10000) / 100)) + ")" : "";
    var state = document.getElementById("running-state");
    state.textContent = box.getAttribute("data-unsaved-text");
    state.className = "saved-state unsaved";
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
  // Shown again after a refused save: the fields hold what was typed, not what is stored.
  if (box.getAttribute("data-dirty") === "1") { dirty = true; updateTotal(); }
}());
