// Checks as the secretary types, saying what the server's checks (app/core/offer_checks.py) will say on
// save, with the same operands and the same sentences (data-checks holds the server's messages):
// each cost row's unit cost × units against its value, the V.A total against V.B row 1, V.B row 1 against
// 2 + 3 + 4, and the own contribution (the rows the call counts) against the call's minimum (a share of the
// grant or of the total costs, as the call says). A check is green when the figures agree,
// red when they do not, and silent while a figure it needs is empty or not yet a number.
// Amounts are whole grosze (BigInt), so the comparisons are exact, as the server's Decimal ones are.
(function () {
  "use strict";
  var form = document.querySelector("form.offer-entry");
  if (!form || typeof BigInt === "undefined") { return; }
  var formats = JSON.parse(form.getAttribute("data-formats"));
  var checks = JSON.parse(form.getAttribute("data-checks"));
  var ZERO = BigInt(0);
  var HUNDRED = BigInt(100);

  // An amount as app/offers/entry_forms.parse_amount reads it: grosze, null when empty, undefined if unreadable.
  function amount(input) {
    if (!input) { return null; }
    var text = String(input.value).replace(/[\s\u00a0\u202f]|zł/g, "").replace(",", ".");
    if (text === "") { return null; }
    var match = /^([+-]?)(\d*)(?:\.(\d{0,2}))?$/.exec(text);
    if (!match || (match[2] === "" && !match[3])) { return undefined; }
    var cents = BigInt(match[2] || "0") * HUNDRED + BigInt(((match[3] || "") + "00").slice(0, 2));
    return match[1] === "-" ? -cents : cents;
  }

  function group(digits) { return digits.replace(/\B(?=(\d{3})+(?!\d))/g, formats.group); }

  // Hundredths of a unit rounded half to even, as Babel rounds a Decimal with more places.
  function roundHalfEven(value, divisor) {
    var quotient = value / divisor;
    var remainder = value % divisor;
    if (remainder < ZERO) { remainder = -remainder; }
    var twice = remainder * BigInt(2);
    if (twice > divisor || (twice === divisor && quotient % BigInt(2) !== ZERO)) {
      quotient += value < ZERO ? BigInt(-1) : BigInt(1);
    }
    return quotient;
  }

  function money(cents) {
    var negative = cents < ZERO;
    var abs = negative ? -cents : cents;
    var text = group((abs / HUNDRED).toString()) + formats.decimal + (abs % HUNDRED).toString().padStart(2, "0");
    return formats.money.replace("{}", (negative ? "-" : "") + text);
  }

  // A number of units as the server's "points" format writes it: no trailing zeros.
  function plain(cents) {
    var negative = cents < ZERO;
    var abs = negative ? -cents : cents;
    var fraction = (abs % HUNDRED).toString().padStart(2, "0").replace(/0+$/, "");
    return (negative ? "-" : "") + group((abs / HUNDRED).toString()) + (fraction ? formats.decimal + fraction : "");
  }

  function say(note, state, code, params) {
    note.classList.remove("live-ok", "live-bad");
    if (!state) { note.textContent = ""; return; }
    note.classList.add(state === "ok" ? "live-ok" : "live-bad");
    note.textContent = checks[state][code].replace(/%\((\w+)\)s/g, function (all, key) {
      return params[key];
    }).replace(/%%/g, "%");
  }

  function field(scope, name) { return scope.querySelector("[name$='-" + name + "'], [name='" + name + "']"); }
  function known(value) { return value !== null && value !== undefined; }
  function filled(row) {
    return Array.prototype.some.call(row.querySelectorAll("input, textarea"), function (input) {
      return input.value.trim() !== "";
    });
  }

  // Says each row's check; returns the rows' total (null while no value is typed, undefined if one is unreadable).
  function costRows() {
    var total = ZERO;
    var index = 0;
    var counted = false;
    var unreadable = false;
    form.querySelectorAll(".cost-row").forEach(function (row) {
      var note = row.querySelector(".live-check");
      if (!filled(row)) { say(note, null); return; }  // the server skips empty rows too
      var label = field(row, "number").value.trim() || "#" + (index + 1);
      index += 1;
      var unitCost = amount(field(row, "unit_cost"));
      var units = amount(field(row, "units"));
      var value = amount(field(row, "value"));
      if (value === undefined) { unreadable = true; } else if (value !== null) { total += value; counted = true; }
      if (known(value) && value > ZERO && known(units) && units <= ZERO) {
        say(note, "bad", "cost_units_missing", {row: label, value: money(value), units: plain(units)});
      } else if (known(unitCost) && known(units) && known(value)) {
        var product = unitCost * units;  // in 1/10000 zł
        say(note, product === value * HUNDRED ? "ok" : "bad", "cost_value_mismatch", {
          row: label, unit_cost: money(unitCost), units: plain(units),
          product: money(roundHalfEven(product, HUNDRED)), value: money(value)});
      } else {
        say(note, null);
      }
    });
    if (unreadable) { return undefined; }
    return counted ? total : null;
  }

  function update() {
    var costs = costRows();
    var rowOne = amount(field(form, "total_costs"));
    var grant = amount(field(form, "grant"));
    var ownFinancial = amount(field(form, "own_financial"));
    var ownOther = amount(field(form, "own_non_financial"));
    var payments = amount(field(form, "participant_payments"));
    var totalNote = form.querySelector("[data-check='total']");
    if (known(costs) && known(rowOne)) {
      say(totalNote, costs === rowOne ? "ok" : "bad", "costs_total_mismatch",
          {costs_total: money(costs), total_costs: money(rowOne)});
    } else {
      say(totalNote, null);
    }
    var sources = [grant, ownFinancial, ownOther, payments];
    var readable = sources.every(function (v) { return v !== undefined; });
    var fundingNote = form.querySelector("[data-check='funding']");
    var ownTotal = (ownFinancial || ZERO) + (ownOther || ZERO);
    if (known(rowOne) && known(grant) && readable) {
      var sum = grant + ownTotal + (payments || ZERO);
      say(fundingNote, sum === rowOne ? "ok" : "bad", "funding_sum_mismatch", {
        total_costs: money(rowOne), grant: money(grant), own_total: money(ownTotal),
        participant_payments: money(payments || ZERO), sources_total: money(sum)});
    } else {
      say(fundingNote, null);
    }
    ownCheck(ownFinancial, ownOther, payments);
  }

  // The call's minimum own contribution: min_own_share × its base (the field the server names), rounded up
  // to the grosz.
  function ownCheck(ownFinancial, ownOther, payments) {
    var note = form.querySelector("[data-check='own']");
    var terms = checks.own;
    // the rows of V.B the call counts (app.core.offer_checks.counted_own_contribution)
    var counted = [ownFinancial];
    if (terms.rows !== "3.1") { counted.push(ownOther); }
    if (terms.rows === "3.1+3.2+4") { counted.push(payments); }
    var base = amount(field(form, terms.base));
    if (!terms.applies || !known(base) || !counted.some(known) || counted.some(function (v) { return v === undefined; })) {
      say(note, null);
      return;
    }
    var share = /^(\d*)(?:\.(\d*))?$/.exec(terms.minShare);
    var places = (share[2] || "").length;
    var scale = BigInt("1" + "0".repeat(places));
    var product = BigInt((share[1] || "0") + (share[2] || "")) * base;
    var required = product / scale + (product % scale > ZERO ? BigInt(1) : ZERO);
    var own = counted.reduce(function (total, value) { return total + (value || ZERO); }, ZERO);
    say(note, own >= required ? "ok" : "bad", terms.code, {
      row: terms.rows, own: money(own), required: money(required), min_share_percent: terms.minSharePercent,
      base: money(base)});
  }


  form.addEventListener("input", update);
  update();
}());
