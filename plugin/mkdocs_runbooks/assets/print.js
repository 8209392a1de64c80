/* mkdocs-runbooks: print helpers. Before printing: stamp the date printed (cover and
   page footer) and mark inputs that hold a value (data-rb-filled) so that print.css
   can print empty dates as "__/__/____". No dependencies; safe to run many times. */
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function prepare() {
    var rb = document.querySelector(".rb-runbook");
    if (!rb) return;
    var d = new Date();
    var when = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
    rb.querySelectorAll("input, textarea").forEach(function (el) {
      var filled = el.type === "checkbox" || el.type === "radio" ? el.checked : el.value !== "";
      el.toggleAttribute("data-rb-filled", filled);
    });
    rb.querySelectorAll(".rb-printed-at").forEach(function (el) { el.textContent = when; });
    var style = document.getElementById("rb-print-date");
    if (!style) {
      style = document.createElement("style");
      style.id = "rb-print-date";
      style.media = "print";
      document.body.appendChild(style); /* last in the document: wins over the stylesheet's default */
    }
    style.textContent = '@page { @bottom-left { content: "Printed ' + when + '"; } }';
  }
  window.rbPrintPrepare = prepare;
  window.addEventListener("beforeprint", prepare);
})();
