/* mkdocs-runbooks: fillable runbook pages, no dependencies. See content/running.md.
 * This is the core, on the page from the first load: what must work at once. Saved state restored (a
 * ticked item that changed since shows unticked), ticking, saving, progress, every change queued for
 * the run log, and the notices that protect a run: storage refused, another tab. The page tools
 * (tools.js, runs.js, runs-more.js, rollback.js, print.js: one script, assets/__init__.py) are fetched
 * when the browser is idle, on first use, or at once when saved values need sorting out (changed or
 * removed items, other versions: api.odd); what the reader does meanwhile waits for them in order
 * (later()), and the changes wait for runs.js to log them: in api.queue, and in storage (qrb|<runbook id>|, written
 * with the change) so that a reload, a closed tab or tools that never came lose none of them.
 * localStorage key per item/field: rb|<runbook id>|<runbook version>|<id>; no site version, so a run
 * survives a docs publish (mike alias moves). value: {v: value, t: ISO time, s: item signature, x: 1 if
 * unticked because the item changed, w: who}. The page holds the run in memory (mem); storage is a copy. */
(() => {
  "use strict";
  if (window.__rbBundle) return; // once per document, however often instant navigation runs the script
  window.__rbBundle = 1;
  const D = document, HTML = D.documentElement;
  let LS = null;
  try { LS = window.localStorage; LS.length; } catch (e) { LS = null; }
  // the page tools sit beside this script (the name is filled in by assets/__init__.py)
  const ME = D.currentScript || D.querySelector('script[src*="runbooks."]');
  const TOOLS = new URL("__RB_TOOLS__", ME && ME.src ? ME.src.split(/[?#]/)[0] : location.href).href;

  const now = () => new Date().toISOString();
  const parse = (s) => { try { return JSON.parse(s); } catch (e) { return null; } };
  const el = (tag, cls, text) => {
    const e = D.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text; // user data: text only
    return e;
  };
  const text = (e, t) => { if (e && e.textContent !== t) e.textContent = t; }; // untouched text: no relayout
  // a text of ours with its values in <bdi>: numbers and names read right in right-to-left languages too
  const fill = (e, k, v, n) => {
    if (!e || e.textContent === tx(k, v, n)) return;
    e.replaceChildren(...String(tpl(k, n)).split(/\{(\w+)\}/).map((p, i) => (i % 2 ? el("bdi", "", String(v[p])) : p)));
  };
  // the page's texts (data-rb-strings, from the site language's string table) and one date rule:
  // Intl with the table's locale, in the reader's time zone (English: 2025-01-21 14:32)
  let S = {}, dayF = null, hmF = null, plural = null; // made once per page: Intl objects are slow to make
  const fmt = (tpl, v) => String(tpl).replace(/\{(\w+)\}/g, (m, n) => (v && n in v ? v[n] : m));
  const tpl = (k, n) => (n != null && (S[k + "." + plural.select(n)] || S[k + ".other"])) || S[k] || k;
  const tx = (k, v, n) => fmt(tpl(k, n), v);
  const dtf = (o) => { try { return new Intl.DateTimeFormat(S.locale || HTML.lang || "en", o); } catch (e) { return new Intl.DateTimeFormat("en-CA", o); } };
  const strings = (root) => {
    S = parse(root.dataset.rbStrings || "") || {};
    plural = new Intl.PluralRules(S.lang || "en");
    dayF = dtf({ year: "numeric", month: "2-digit", day: "2-digit" });
    hmF = dtf({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  };
  const day = (d) => dayF.format(d), hm = (d) => hmF.format(d);
  const full = (t) => { const d = new Date(t); return isNaN(d) ? String(t) : day(d) + " " + hm(d); };
  const cut = (v) => { const s = typeof v === "string" ? v : JSON.stringify(v); return s.length > 80 ? s.slice(0, 79) + "…" : s; };

  let run = null, tools = null;
  // the page tools register on window.rbHooks: attach(api) for each runbook page, event(e) for the
  // clicks and keys they handle
  const H = (window.rbHooks = window.rbHooks || {});
  const fetchTools = () => tools || (tools = new Promise((ok, no) => {
    const s = el("script");
    s.src = TOOLS;
    s.onload = () => { if (run) H.attach(run.api); ok(H); };
    s.onerror = () => { tools = 0; s.remove(); no(); }; // 0: failed, asked for again on the next change
    D.head.append(s);
  }));
  // f(H) once the tools are there; calls wait in the order they were made
  const later = (f) => fetchTools().then(f, () => run && run.api.say("tools", "error", tx("runs.offline")));

  function Run(root) {
    strings(root);
    const id = root.dataset.rbRunbook, ver = root.dataset.rbVersion || "";
    const base = `rb|${id}|`, prefix = base + ver + "|", Q = "q" + base;
    const boxes = new Map(), fields = new Map(), mem = new Map(), clash = new Set();
    root.querySelectorAll("input[data-rb-item]").forEach((b) => boxes.set(b.dataset.rbItem, b));
    root.querySelectorAll("[data-rb-field]").forEach((f) => {
      const k = f.dataset.rbField;
      fields.has(k) ? fields.get(k).push(f) : fields.set(k, [f]);
    });
    const q = (s) => root.querySelector(s), operator = q("[data-rb-operator]");
    if (operator) fields.set("@operator", [operator]);
    const bar = q(".rb-bar"), count = q("[data-rb-progress]"), crit = q("[data-rb-jump]"), notices = q("[data-rb-notice]"),
      started = q("[data-rb-started]"), record = q("[data-rb-record]"), toolbar = q("[data-rb-toolbar]"),
      announce = q("[data-rb-announce]");
    const counted = [...boxes.values()].filter((b) => !b.closest(".rb-procedures"));
    const item = (b) => b.closest(".rb-item");
    // required fields hold their item back
    const needs = new Map();
    boxes.forEach((b) => {
      const fs = item(b).querySelector(":scope > .rb-fields");
      const req = fs ? [...new Set([...fs.querySelectorAll("[data-rb-field][required]")].map((f) => f.dataset.rbField))] : [];
      if (req.length) needs.set(b, req.map((k) => fields.get(k)));
    });
    const isDone = (b) => b.checked && (needs.get(b) || []).every((els) => fieldValue(els) !== "");
    const critical = counted.filter((b) => item(b).classList.contains("rb-sev-critical"));
    const sections = [...root.querySelectorAll(".rb-count[data-rb-count]")].map((c) => {
      const sec = c.closest(".rb-section");
      return { c, sec, boxes: [...sec.querySelectorAll("input[data-rb-item]")] };
    });

    // -- storage: a copy of mem; a browser that refuses writes gets one lasting notice --------------
    const lskeys = (pfx) => {
      const out = [];
      if (LS) for (let i = 0; i < LS.length; i++) { const k = LS.key(i); if (k && k.startsWith(pfx)) out.push(k); }
      return out;
    };
    let broken = !LS;
    const cannot = (e) => {
      broken = true;
      say("store", "error", tx("not_saving", { why: e ? ` (${e.name})` : "" }), null, [[tx("export"), () => H.exportRun(api)]], 1);
    };
    const write = (k, rec) => {
      if (!LS) return false;
      try { rec ? LS.setItem(k, JSON.stringify(rec)) : LS.removeItem(k); return true; } catch (e) { cannot(e); return false; }
    };
    const get = (k) => mem.get(k);
    const put = (k, rec) => {
      if (!mem.has("@started") && k[0] !== "@" && rec) put("@started", { v: now(), t: now() });
      rec ? mem.set(k, rec) : mem.delete(k);
      return write(prefix + k, rec);
    };
    const read = () => {
      mem.clear();
      lskeys(prefix).forEach((k) => { const r = parse(LS.getItem(k)); if (r && typeof r === "object") mem.set(k.slice(prefix.length), r); });
    };

    const fieldValue = (els) => {
      if (els[0].type === "radio") { const c = els.find((e) => e.checked); return c ? c.value : ""; }
      return els[0].value;
    };
    const fits = (els, v) => { // option gone, type changed?
      if (typeof v !== "string") return false;
      if (els[0].type === "radio") return v === "" || els.some((e) => e.value === v);
      if (els[0].tagName === "TEXTAREA" || els[0].type === "text") return true;
      const f = els[0], old = f.value;
      f.value = v;
      const ok = f.value === v;
      f.value = old;
      return ok;
    };
    // done and changed are classes here; the time it was ticked and the note say so once the tools are there
    // ticked before the item's text, command or fields changed (its signature)
    const changed = (k, r) => r.v && r.s && r.s !== boxes.get(k).dataset.rbSig;
    const stamp = (b, rec) => {
      item(b).classList.toggle("rb-done", b.checked);
      item(b).classList.toggle("rb-changed", !!(rec && (rec.x || changed(b.dataset.rbItem, rec)) && !b.checked));
      api.stamp(b, rec);
    };
    const apply = (k) => {
      const rec = get(k);
      if (boxes.has(k)) {
        const b = boxes.get(k);
        b.checked = rec && typeof rec.v === "boolean" ? rec.v && !changed(k, rec) : b.defaultChecked;
        stamp(b, rec);
      } else if (fields.has(k) && !clash.has(k)) {
        const els = fields.get(k), v = rec && typeof rec.v === "string" && fits(els, rec.v) ? rec.v : "";
        if (els[0].type === "radio") els.forEach((e) => { e.checked = e.value === v; });
        else if (els[0].value !== v) els[0].value = v;
      }
    };
    const applyAll = () => {
      boxes.forEach((_, k) => apply(k));
      fields.forEach((_, k) => apply(k));
      progress();
    };

    // screen readers hear progress once it settles: one polite region, debounced, only after a change by
    // the reader (not on load); the count, bar, button and section counts stay silent
    let said = null, sayTimer = 0;
    const tell = (msg) => {
      clearTimeout(sayTimer);
      sayTimer = setTimeout(() => { if (announce && msg !== said) { said = msg; announce.textContent = msg; } }, 700);
    };
    function progress(changed) {
      let done = 0, open = 0;
      needs.forEach((_, b) => item(b).classList.toggle("rb-needs-fields", b.checked && !isDone(b)));
      counted.forEach((b) => { if (isDone(b)) done++; });
      critical.forEach((b) => { if (!isDone(b)) open++; });
      const total = counted.length;
      text(count, `${done}/${total}`);
      const st = get("@started");
      if (st) fill(started, "run_started", { when: full(st.v) }); else text(started, "");
      fill(record, "progress_record", { done, total }, total);
      const summary = tx("announce", { done, total }, total) + (critical.length ? tx("announce_critical", { n: open }, open) : "");
      if (bar) { bar.max = total || 1; bar.value = done; bar.setAttribute("aria-valuetext", summary); }
      if (crit) { crit.hidden = !open; fill(crit, "critical_open", { n: open }, open); }
      if (changed) tell(summary); else said = summary; // load, import, reset, another tab: the new baseline
      root.classList.toggle("rb-all-done", done === total && done > 0);
      sections.forEach((s) => {
        let d = 0;
        s.boxes.forEach((b) => { if (isDone(b)) d++; });
        fill(s.c, "section_done", { done: d, total: s.boxes.length }, s.boxes.length);
        s.sec.classList.toggle("rb-complete", d === s.boxes.length && d > 0);
      });
    }

    // -- messages: in the sticky toolbar, where the reader is; one of each kind. Said here as text alone:
    // the tools' say (tools.js) says them again with their buttons, and says every later one
    function say(...a) {
      if (api.say !== say) return api.say(...a);
      const n = el("div", "rb-notice rb-notice-" + a[1]), old = notices && notices.querySelector(`[data-kind="${a[0]}"]`);
      n.dataset.kind = a[0];
      n.setAttribute("role", a[1] === "error" ? "alert" : "status"); // each its own live region; their box is none
      n.append(el("p", "", a[2]));
      n.args = a;
      if (notices) old ? old.replaceWith(n) : notices.append(n);
      return n;
    }

    // saved values the page no longer takes (items changed, removed or renamed, other versions' runs, keys
    // of 0.x): the tools (fetched now: api.odd) sort them out, tell the reader and offer them for export; until then
    // a changed item shows unticked (apply) and a value that no longer fits shows empty
    function reconcile() {
      read();
      const odd = [...mem].some(([k, r]) => k[0] !== "@" && !(boxes.has(k) ? typeof r.v === "boolean" && !changed(k, r) : fields.has(k) && fits(fields.get(k), r.v)));
      api.odd = odd || lskeys("rb|").some((k) => { const p = k.split("|"); return p.length > 4 ? p[2] === id : p[1] === id && p[2] !== ver; });
      if (api.odd) later(() => 0);
    }

    // -- the run log (runs.js): every change from the very first one, with who made it; queued here
    // until the tools are there (they replace api.change, and take the queue in order)
    const queue = [];
    const who = () => { const o = get("@operator"); return o && typeof o.v === "string" ? o.v : ""; };
    const logged = (k, rec) => {
      rec.w = k === "@operator" ? rec.v : who();
      api.change(k, rec);
      return rec;
    };

    this.prefix = prefix;
    this.root = root;
    this.onInput = (t, ev) => {
      if (t === operator || t.dataset.rbField) {
        const k = t === operator ? "@operator" : t.dataset.rbField, v = fieldValue(fields.get(k)), old = get(k);
        clash.delete(k);
        if (!old || old.v !== v) put(k, logged(k, { v, t: now() }));
        progress(true);
        // signature = name + date
        const date = fields.get(k + "/date");
        if (date && v && ev === "change" && !date[0].value) {
          date[0].value = now().slice(0, 10);
          put(k + "/date", logged(k + "/date", { v: date[0].value, t: now() }));
        }
      } else if (t.dataset.rbItem && ev !== "input") {
        // the point of no return: the tools ask first (ponr) while an item before it is not done
        if (t.checked && ev !== "ok" && item(t).classList.contains("rb-irreversible") && !(H.ponr && H.ponr(api, t))) {
          t.checked = false;
          if (!H.ponr) later((h) => { if (h.ponr(api, t)) { t.checked = true; this.onInput(t, "ok"); } });
          return;
        }
        const rec = { v: t.checked, t: now() };
        if (t.checked) rec.s = t.dataset.rbSig;
        put(t.dataset.rbItem, logged(t.dataset.rbItem, rec));
        stamp(t, rec);
        progress(true);
      }
    };
    // another tab saved k: show it, except in the field being typed into (that text stays, and is saved on leaving)
    this.onStorage = (k, val) => {
      const rec = parse(val), els = fields.get(k);
      if (els && els.includes(D.activeElement) && els[0].type !== "radio" && rec && rec.v !== fieldValue(els)) {
        clash.add(k);
        say("tab", "warn", tx("other_tab", { key: k, value: cut(rec.v) }));
        return;
      }
      rec ? mem.set(k, rec) : mem.delete(k);
      apply(k);
      progress();
    };
    this.leave = (t) => { const k = t.dataset && t.dataset.rbField; if (k && clash.delete(k)) put(k, logged(k, { v: fieldValue(fields.get(k)), t: now() })); };
    this.reload = () => { if (LS && !broken) read(); applyAll(); }; // unsaved values live only in mem
    // a trigger's link to its procedure: the trigger fired
    this.trigger = (t) => logged("@trigger", { v: t.closest(".rb-trigger").id, t: now() });
    // what the page tools work with
    const api = this.api = { id, ver, root, mem, boxes, fields, clash, notices, toolbar, critical, get, put, write, lskeys,
      applyAll, say, fieldValue, fits, cut, full, hm, day, fmt, tpl, parse, prefix, base, tx, who, queue,
      item, isDone, stamp: () => {},
      // kept in storage with the change itself too (qrb|<id>|: runs.js logs them on any later load); tools that
      // failed to load are asked for again
      change: (k, rec) => { queue.push([k, rec]); broken || write(Q, [].concat(parse(LS.getItem(Q)) || [], [[k, rec]])); tools === 0 && later(() => 0); } };

    if (LS) {
      try { LS.setItem(prefix + "@probe", "1"); LS.removeItem(prefix + "@probe"); } catch (e) { cannot(e); }
      reconcile();
    } else cannot();
    api.saved = new Map(mem); // as it was before any change here (runs.js: saved state from before runs)
    applyAll();
    root.querySelectorAll("[data-rb-toolbar], [data-rb-run]").forEach((e) => { e.hidden = false; });
    root.classList.add("rb-live");
    // in-page jumps land below the header and the sticky toolbar: its height is the page's scroll-padding
    // (one property of <html>; an inherited custom property restyled the whole page), kept current by the
    // tools; 0 where forms.css lets the toolbar scroll away (short and zoomed-in screens). A deep-linked
    // target the toolbar now covers comes back into view.
    HTML.style.scrollPaddingTop = (toolbar && getComputedStyle(toolbar).position === "sticky" ? toolbar.offsetHeight : 0) + "px";
    const hit = location.hash && D.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (hit && root.contains(hit)) hit.scrollIntoView();
  }

  // start on every page: from Material's document$ (instant navigation) and from the page load itself,
  // since document$ never fires in some setups (file://, the offline plugin); once per runbook element
  function init() {
    const root = D.querySelector("[data-rb-runbook]");
    if (run && run.root === root) return;
    HTML.style.scrollPaddingTop = ""; // a plain page reached by instant navigation: no toolbar to clear
    run = root ? new Run(root) : null;
    if (H.attach) H.attach(run && run.api);
    else if (run) { // the tools when the page has loaded and the browser is idle: never before the page is usable
      const idle = () => (window.requestIdleCallback || setTimeout)(() => later(() => 0), { timeout: 3000 });
      D.readyState === "complete" ? idle() : addEventListener("load", idle, { once: true });
    }
  }

  const mine = (t) => run && t && t.closest && run.root.contains(t);
  // the tools' clicks and keys: theirs once they are there; before that, in order once they arrive
  const pass = (e) => (H.event ? H.event(e) : later(() => H.event(e)));
  D.addEventListener("change", (e) => {
    const t = e.target;
    if (t.dataset && t.dataset.rbAction === "import") {
      const file = t.files && t.files[0];
      t.value = "";
      const api = mine(t) && run.api;
      if (file && api) later((h) => h.importRun(api, file));
    } else if (mine(t)) run.onInput(t, "change");
  });
  D.addEventListener("input", (e) => { if (mine(e.target) && e.target.type !== "checkbox") run.onInput(e.target, "input"); });
  D.addEventListener("focusout", (e) => { if (mine(e.target)) run.leave(e.target); });
  D.addEventListener("click", (e) => {
    const t = e.target.closest && e.target.closest(".rb-trigger a.rb-to-procedure");
    if (mine(t)) run.trigger(t);
    if (H.event || mine(e.target.closest && e.target.closest("button[data-rb-action], button[data-rb-menu], button[data-rb-jump]"))) pass(e);
  });
  D.addEventListener("keydown", (e) => {
    if (H.event) return H.event(e);
    // before the tools: keep the keys they answer for them (Alt+Shift+R, arrows on the Print menu button)
    if (run && ((e.altKey && e.shiftKey && e.code === "KeyR") || (e.target.dataset.rbMenu != null && /^Arrow(Up|Down)$/.test(e.key)))) {
      e.preventDefault();
      pass(e);
    }
  });
  addEventListener("storage", (e) => {
    if (!run) return;
    if (e.key === null) run.reload();
    else if (e.key.startsWith(run.prefix)) run.onStorage(e.key.slice(run.prefix.length), e.newValue);
  });
  // back/forward: a page from the back-forward cache, or one whose controls the browser restored, shows
  // what was saved before the reader sees it
  addEventListener("pageshow", () => { if (run) run.reload(); });

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  if (D.readyState === "loading") D.addEventListener("DOMContentLoaded", init);
  else init();
})();
