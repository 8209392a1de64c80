/* mkdocs-runbooks: print helpers. Before printing: stamp the date printed (cover and
   page footer) and mark inputs that hold a value (data-rb-filled) so that print.css
   can print empty dates as "__/__/____". No dependencies; safe to run many times. */
(function () {
  "use strict";
  /* the page's texts and date rule, as runbooks.js: Intl with the string table's locale */
  function format(d, locale, opts) {
    try { return new Intl.DateTimeFormat(locale, opts).format(d); } catch (e) { return new Intl.DateTimeFormat("en-CA", opts).format(d); }
  }
  function css(text) { return '"' + String(text).replace(/[\\"]/g, "\\$&").replace(/[<>\n]/g, " ") + '"'; }
  function prepare() {
    var rb = document.querySelector(".rb-runbook");
    if (!rb) return;
    var s = {};
    try { s = JSON.parse(rb.getAttribute("data-rb-strings") || "{}"); } catch (e) { s = {}; }
    var loc = s.locale || document.documentElement.lang || "en", d = new Date();
    var when = format(d, loc, { year: "numeric", month: "2-digit", day: "2-digit" }) + " " +
      format(d, loc, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
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
    style.textContent = "@page { @bottom-left { content: " + css((s.printed || "Printed") + " " + when) + "; } }";
  }
  window.rbPrintPrepare = prepare;
  window.addEventListener("beforeprint", prepare);
})();
