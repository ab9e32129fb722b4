// The error summary (templates/_error_summary.html): focused when the page opens, so a screen reader reads
// it first; a link to a field moves the focus into the field and shows its label or legend above it.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    const legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`) || legend || field;
    label.scrollIntoView();
    field.focus({ preventScroll: true });
  });
});
