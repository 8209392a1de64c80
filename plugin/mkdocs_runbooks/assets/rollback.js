/* mkdocs-runbooks: mark the way back you arrived by. Without JS, CSS `:target` does it;
   Material's instant navigation moves with history.pushState, which leaves `:target`
   alone, so with JS we mirror the URL hash onto a class. */
(function () {
  "use strict";
  function mark(focus) {
    var old = document.querySelectorAll(".rb-came-from");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("rb-came-from");
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.classList.contains("rb-back")) {
      el.classList.add("rb-came-from");
      // a followed link moves focus to its target, as the browser does without instant navigation: the next
      // Tab or Enter starts from the way back (content/running.md, "Keyboard and screen readers")
      if (focus === true && document.activeElement !== el) el.focus({ preventScroll: true });
    }
  }
  function later() { setTimeout(function () { mark(true); }, 0); }  // after the theme has updated the URL
  document.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest && ev.target.closest("a[href*='#']");
    if (a) later();
  });
  window.addEventListener("hashchange", function () { mark(true); });
  window.addEventListener("popstate", later);
  // document$ for instant navigation; the load too, since document$ never fires from file://
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(mark);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
})();
