/* mkdocs-runbooks: the page tools, fetched by runbooks.js (the core) when the browser is idle or on first
 * use: Export, Import, Reset, Print and its menu, the skip link and Alt+Shift+R, the tick times, the
 * scroll padding under the sticky toolbar, and the notices about saved values the page no longer takes.
 * runs.js, runs-more.js, rollback.js and print.js come in the same script, after this one.
 * Plugs into the core through window.rbHooks: H.attach(api) per runbook page (api: see runbooks.js),
 * H.event(e) for the clicks and keys the core passes on (in order, also those made before this arrived). */
(() => {
  "use strict";
  const D = document, HTML = D.documentElement, MAXV = 20000, MAXF = 1 << 20, H = window.rbHooks;
  const now = () => new Date().toISOString();
  const isTime = (t) => typeof t === "string" && !isNaN(new Date(t));
  let R = null; // the api of the runbook page on screen, or null
  // the styles of what the tools make (tools.css, filled in by assets/__init__.py): before the print
  // stylesheet, so that its paper rules still win
  const style = D.createElement("style"), paper = D.querySelector('link[href*="runbooks-print."]');
  style.textContent = "__RB_TOOLS_CSS__";
  paper ? paper.before(style) : D.head.append(style);
  const on = []; // attach(api) of runs.js and others, in order
  H.onAttach = (f) => on.push(f);

  // the site version only goes into exports: "" unless mike; then the site root's folder, alias -> version
  let cfg = {}, SV = "";
  try { cfg = JSON.parse(D.getElementById("__config").textContent); } catch (e) {}
  const siteRoot = new URL(cfg.base || ".", location.href), meta = D.querySelector('meta[name="rb-site-version"]');
  if (meta) SV = meta.content;
  else if (cfg.version && cfg.version.provider === "mike") {
    SV = decodeURIComponent(siteRoot.pathname.replace(/\/$/, "").split("/").pop() || "");
    fetch(new URL("../versions.json", siteRoot)).then((r) => r.json()).then((list) => {
      const hit = list.find((v) => v.version === SV || (v.aliases || []).includes(SV));
      if (hit) SV = hit.version;
    }).catch(() => {});
  }

  // print mode for print.css: html[data-rb-print=blank|filled]; the PDF's title is the runbook's
  let urlPrint = null, title0 = null;
  const setPrint = (m) => { if (m) HTML.dataset.rbPrint = m; else delete HTML.dataset.rbPrint; };
  addEventListener("beforeprint", () => {
    if (!HTML.dataset.rbPrint) setPrint("filled");
    if (R && title0 == null) { title0 = D.title; D.title = R.title; }
  });
  addEventListener("afterprint", () => { setPrint(urlPrint); if (title0 != null) D.title = title0; title0 = null; });

  // -- the tick's time beside it (today: the time; another day: the date too) and the changed note --------
  const stamper = (api) => (b, rec) => {
    const line = b.parentElement, t = b.checked && rec && rec.t, { el, tx, day, hm } = api;
    let s = line.querySelector(".rb-ticked-at"), c = line.querySelector(".rb-changed-note");
    if (rec && rec.x && !b.checked) { if (!c) line.append(el("span", "rb-changed-note", tx("changed_note"))); } else if (c) c.remove();
    const lab = line.querySelector("label"), f = t ? api.fmt(api.tpl("ticked"), { when: api.full(t) }) : "";
    [b, lab].forEach((e) => { if (e) f ? (e.title = f) : e.removeAttribute("title"); });
    if (!t) { if (s) s.remove(); return; }
    if (!s) line.append((s = el("time", "rb-ticked-at")));
    const d = new Date(t);
    s.dateTime = t;
    s.dataset.day = day(d);
    s.classList.toggle("rb-today", day(d) === day(new Date()));
    s.textContent = hm(d);
    s.title = f;
  };

  // -- the run as a file: run@1's keys (runs-more.js adds the run, who and the log) ----------------------
  function snapshot(api, recs, version) {
    const items = {}, vals = {};
    Object.keys(recs).forEach((k) => {
      const r = recs[k];
      if (!r || k[0] === "@") return;
      if (typeof r.v === "boolean") items[k] = { checked: r.v, at: r.v ? r.t : null };
      else if (r.v !== "") vals[k] = { value: r.v, at: r.t };
    });
    const stamps = Object.values(recs).map((r) => r && r.t).filter(Boolean).sort();
    return {
      format: "mkdocs-runbooks/run@1", runbook: api.id, version, site_version: SV, title: api.title,
      page: location.origin + location.pathname, operator: recs["@operator"] ? recs["@operator"].v : "",
      started_at: recs["@started"] ? recs["@started"].v : stamps[0] || null,
      updated_at: stamps[stamps.length - 1] || null, exported_at: now(), items, fields: vals,
    };
  }
  // what the page shows: every box, every field with a value, times from mem
  const current = (api) => {
    const recs = {}, { get } = api;
    api.boxes.forEach((b, k) => { const r = get(k); recs[k] = { v: b.checked, t: r && r.v === b.checked ? r.t : null }; });
    api.fields.forEach((els, k) => { const v = api.fieldValue(els), r = get(k); if (v !== "") recs[k] = { v, t: r && r.v === v ? r.t : now() }; });
    if (get("@started")) recs["@started"] = get("@started");
    return recs;
  };
  function download(api, data, name) {
    const stamp = data.exported_at.slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
    const a = D.createElement("a");
    a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" }));
    a.download = name || `${api.id}-v${data.version || "0"}-run-${stamp}.json`;
    D.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  // -- Import: the file is checked here; runs-more.js makes it a new run (never a replacement) ----------
  function importRun(api, file) {
    const { tx, cut, boxes, fields, say } = api, bad = (m) => say("import", "error", tx("import_failed", { file: file.name, why: m }));
    if (file.size > MAXF) return bad(tx("too_big", { size: Math.ceil(file.size / 1024), max: MAXF >> 10 }));
    return file.text().then((txt) => {
      const data = api.parse(txt), obj = (o) => o && typeof o === "object" && !Array.isArray(o);
      if (!data || typeof data !== "object") return bad(tx("not_json"));
      if (typeof data.format !== "string" || !data.format.startsWith("mkdocs-runbooks/run")) return bad(tx("not_export"));
      if (data.runbook !== api.id) return bad(tx("other_runbook", { other: cut(data.runbook), id: api.id }));
      if (!obj(data.items || {}) || !obj(data.fields || {})) return bad(tx("malformed"));
      // times are kept as UTC (toISOString) whatever offset the file wrote them with
      const recs = {}, not = [], at = (r) => (obj(r) && isTime(r.at) ? new Date(r.at).toISOString() : now());
      const by = (r) => (obj(r) && typeof r.by === "string" ? r.by.slice(0, 200) : undefined);
      Object.entries(data.items || {}).forEach(([k, r]) => {
        const v = obj(r) ? r.checked : r;
        if (!boxes.has(k)) not.push(tx("no_item", { key: cut(k) }));
        else if (typeof v !== "boolean") not.push(tx("checked_bool", { key: k, value: cut(v) }));
        else recs[k] = { v, t: at(r), s: v ? boxes.get(k).dataset.rbSig : undefined, w: by(r) };
      });
      Object.entries(data.fields || {}).concat([["@operator", data.operator]]).forEach(([k, r]) => {
        let v = obj(r) ? r.value : r;
        if (k === "@operator" && (v == null || v === "")) return;
        if (typeof v === "number") v = String(v);
        if (!fields.has(k)) not.push(tx("no_field", { key: cut(k) }));
        else if (typeof v !== "string") not.push(tx("must_be_text", { key: k, value: cut(v) }));
        else if (v.length > MAXV) not.push(tx("too_long", { key: k, n: v.length, max: MAXV }));
        else if (!api.fits(fields.get(k), v)) not.push(tx("does_not_fit", { what: show(api, k, v) }));
        else recs[k] = { v, t: at(r), w: by(r) };
      });
      if (isTime(data.started_at)) recs["@started"] = { v: new Date(data.started_at).toISOString(), t: now() };
      return H.addRun(api, recs, data, file.name, not);
    }, () => bad(tx("unreadable")));
  }

  // -- messages: in the sticky toolbar, where the reader is; one of each kind (the core's say until now) --
  const sayer = (api) => function say(kind, sev, msg, list, actions, lasting) {
    const { notices, tx, el } = api;
    if (!notices) return null;
    const n = el("div", "rb-notice rb-notice-" + sev), old = notices.querySelector(`[data-kind="${CSS.escape(kind)}"]`);
    n.dataset.kind = kind;
    n.setAttribute("role", sev === "error" ? "alert" : "status"); // each its own live region; their box is none
    n.append(el("p", "", msg));
    if (list && list.length) {
      const ul = el("ul");
      list.forEach((x) => ul.append(el("li", "", x)));
      n.append(ul);
    }
    const row = el("p", "rb-notice-actions");
    (actions || []).concat(lasting ? [] : [[actions ? tx("dismiss") : tx("ok"), () => (n.onclose ? n.onclose() : n.remove())]])
      .forEach(([lab, fn]) => {
        const b = el("button", "rb-btn", lab);
        b.type = "button";
        // a dismissed notice took the focused button with it: the next notice, else the toolbar's first button
        b.onclick = () => {
          const to = n.nextElementSibling || n.previousElementSibling;
          fn(n);
          if (n.isConnected || (D.activeElement && D.activeElement !== D.body && D.activeElement.isConnected)) return;
          const f = (to && to.isConnected && to.querySelector("button")) || (api.toolbar && api.toolbar.querySelector(".rb-actions .rb-btn"));
          if (f) f.focus();
        };
        row.append(b);
      });
    n.append(row);
    old ? old.replaceWith(n) : notices.append(n);
    return n;
  };
  const show = (api, k, v) => (typeof v === "boolean" ? api.tx(v ? "is_ticked" : "not_ticked", { key: k }) : `${k}: "${api.cut(v)}"`);

  // a record saved for another version (or before an item changed): what still applies on this page.
  // A ticked item whose text, command or fields changed (its signature) comes back unticked and marked.
  function sortOut(api, recs) {
    const keep = {}, dropped = [], changed = [], { boxes, fields, tx } = api;
    Object.keys(recs).forEach((k) => {
      const r = recs[k];
      if (!r || typeof r !== "object") return;
      if (k[0] === "@") { keep[k] = r; return; }
      const b = boxes.get(k);
      if (b && typeof r.v === "boolean") {
        if (r.v && r.s && r.s !== b.dataset.rbSig) {
          keep[k] = { v: false, t: r.t, x: 1 };
          changed.push(tx("changed_unticked", { key: k }));
        } else keep[k] = r;
      } else if (fields.has(k) && api.fits(fields.get(k), r.v)) keep[k] = r;
      else if (fields.has(k) || b) changed.push(tx("no_longer_fits", { what: show(api, k, r.v) }));
      else dropped.push(tx("no_longer_in", { what: show(api, k, r.v) }));
    });
    return { keep, dropped, changed };
  }

  // -- saved values the page no longer takes (runbooks.js fetched the tools at once for them, api.odd): other
  // versions' runs, items removed or renamed without a version change. Carry over what fits; keep the
  // rest, with a notice, until dismissed.
  function reconcile(api) {
    const { id, ver, base, prefix, lskeys, write, put, mem, say, tx, parse } = api, olds = {}, gone = {};
    const legacy = new RegExp(`^rb\\|[^|]*\\|${id}\\|([^|]*)\\|([^|]*)$`); // ids are slugs
    const here = Object.fromEntries(mem), mine = sortOut(api, here);
    Object.keys(mine.keep).forEach((k) => { if (mine.keep[k] !== here[k]) put(k, mine.keep[k]); });
    Object.keys(here).forEach((k) => { if (!mine.keep[k]) { gone[k] = here[k]; mem.delete(k); } });
    lskeys("rb|").forEach((k) => { // keys of 0.x (rb|<site version>|<id>|<version>|<key>): move, newest wins
      const m = legacy.exec(k);
      if (!m) return;
      const nk = base + m[1] + "|" + m[2], r = parse(localStorage.getItem(k)), o = parse(localStorage.getItem(nk));
      if (r && (!o || (r.t || "") > (o.t || ""))) write(nk, r);
      write(k, null);
    });
    lskeys(base).forEach((k) => {
      const rest = k.slice(base.length), j = rest.indexOf("|"), v = rest.slice(0, j), key = rest.slice(j + 1);
      if (k.startsWith(prefix) && (mem.has(key) || gone[key])) return; // on the page already, or told below
      (olds[v] = olds[v] || {})[key] = parse(localStorage.getItem(k));
    });
    const lost = Object.keys(gone).length;
    if (lost || mine.changed.length) {
      const note = say("orphans", "warn", tx("orphans"), mine.dropped.concat(mine.changed), lost
        ? [[tx("export_them"), () => download(api, snapshot(api, gone, ver))]] : null);
      if (note) note.onclose = () => {
        if (lost && !confirm(tx("forget_orphans"))) return;
        Object.keys(gone).forEach((k) => write(prefix + k, null));
        note.remove();
      };
    }
    Object.keys(olds).forEach((v) => {
      const recs = olds[v], { keep, dropped, changed } = sortOut(api, recs), n = Object.keys(keep).filter((k) => k[0] !== "@" && !keep[k].x).length;
      Object.keys(keep).forEach((k) => { if (!mem.has(k)) put(k, keep[k]); });
      if (v === ver) return; // 0.x keys of this version: moved, nothing to tell
      const note = say("v" + v, "warn", tx("version_changed", { from: v, to: ver }) +
        tx("carried", { n }, n) + (dropped.length + changed.length ? tx("second_look") : tx("nothing_dropped")),
      dropped.concat(changed), [[tx("export_version", { v }), () => download(api, snapshot(api, recs, v))]]);
      if (note) note.onclose = () => {
        if (!confirm(tx("forget_version", { v }))) return;
        lskeys(base + v + "|").forEach((k) => write(k, null));
        note.remove();
      };
    });
    api.applyAll();
  }

  // the point of no return asks first while a critical item before it is open or a go/no-go says No
  const before = (a, b) => a.compareDocumentPosition(b) & 4;
  function ponr(api, b) {
    const out = [], { tx, item } = api;
    const label = (x) => { const l = x.parentElement.querySelector("label"); return (l ? l.textContent : x.dataset.rbItem).trim(); };
    api.critical.forEach((c) => { if (c !== b && before(c, b) && !api.isDone(c)) out.push(tx("critical_not_done", { item: label(c) })); });
    api.fields.forEach((els, k) => {
      if (els[0].closest(".rb-field-yesno") && before(els[0], b) && api.fieldValue(els) === "no") {
        out.push(tx("answer_no", { label: (els[0].closest("fieldset").querySelector("legend") || {}).textContent || k, key: k }));
      }
    });
    const why = ((item(b).previousElementSibling || {}).textContent || "").trim();
    return !out.length || confirm(tx("ponr_confirm", { item: label(b), why: why || tx("ponr_default"), blockers: out.join("\n- ") }));
  }

  function reset(api) {
    const { tx, lskeys, base, prefix, notices } = api, others = lskeys(base).filter((k) => !k.startsWith(prefix)).length;
    if (!confirm(tx("reset_confirm", { others: others ? tx("reset_others") : "" }))) return;
    lskeys(base).forEach((k) => api.write(k, null));
    api.mem.clear();
    api.clash.clear();
    if (notices) [...notices.children].forEach((n) => { if (n.dataset.kind !== "store") n.remove(); });
    api.applyAll();
    H.logReset(api); // runs.js: the log says so
    api.say("reset", "ok", tx("reset_done", { time: api.hm(new Date()) }));
  }

  // -- clicks and keys (the core passes them on) -------------------------------------------------------
  const mine = (t) => R && t && t.closest && R.root.contains(t);
  function click(e) {
    const t = e.target.closest && e.target.closest("button[data-rb-action], button[data-rb-menu], button[data-rb-jump]");
    if (mine(t) && t.dataset.rbMenu != null) return menu(t.getAttribute("aria-expanded") !== "true");
    menu(false);
    if (!mine(t)) return;
    const a = t.dataset.rbAction;
    if (t.dataset.rbJump != null) { // the next critical item not done
      const next = R.critical.find((b) => !R.isDone(b));
      if (next) { R.item(next).scrollIntoView({ block: "center" }); next.focus({ preventScroll: true }); }
    } else if (a === "export") H.exportRun(R);
    else if (a === "reset") reset(R);
    else if (a === "print") {
      setPrint(t.dataset.rbPrint === "blank" ? "blank" : "filled");
      window.print();
    } else if (a === "new-run" || a === "finish-run") H.runAction(R, a);
  }
  // the Print menu: a menu button (WAI-ARIA APG): arrows move, Escape and Tab close it; kept on-screen
  function menu(open, focus) {
    const b = R && R.root.querySelector("[data-rb-menu]");
    if (!b) return;
    const list = D.getElementById(b.getAttribute("aria-controls"));
    if (!open && list.hidden) return;
    b.setAttribute("aria-expanded", open);
    list.hidden = !open;
    list.style.right = "";
    if (open) {
      const r = list.getBoundingClientRect(), w = HTML.clientWidth, pad = 8;
      if (r.left < pad) list.style.right = `${r.left - pad}px`; // right-aligned to its button, it ran off the left
      else if (r.right > w - pad) list.style.right = `${r.right - w + pad}px`;
      list.querySelector("button").focus();
    } else if (focus) b.focus();
  }
  const choices = () => [...D.querySelectorAll("#rb-print-choices [role=menuitem]")];
  function key(e) {
    if (!R) return;
    if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === "KeyR") { e.preventDefault(); toToolbar(); return; }
    const t = e.target, open = R.root.querySelector("[data-rb-menu][aria-expanded=true]");
    if (t.dataset && t.dataset.rbMenu != null && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      menu(true);
      if (e.key === "ArrowUp") choices().pop().focus();
      return;
    }
    if (!open) return;
    if (e.key === "Escape") { menu(false, 1); return; }
    const all = choices(), i = all.indexOf(D.activeElement);
    if (i < 0) return;
    const go = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: all.length - 1 }[e.key];
    if (go != null) { e.preventDefault(); all[(go + all.length) % all.length].focus(); }
    else if (e.key === "Tab") menu(false);
  }
  H.event = (e) => (e.type === "keydown" ? key(e) : click(e));
  D.addEventListener("focusin", (e) => { if (R && !(e.target.closest && e.target.closest(".rb-print-menu"))) menu(false); });

  // the toolbar is far down the tab order (Material's header and navigation come first): a skip link, first
  // after Material's own, and Alt+Shift+R (content/running.md) go to it; Alt+Shift+R again goes back
  let from = null;
  function toToolbar() {
    const bar = R && R.toolbar;
    if (!bar || bar.hidden) return;
    const here = D.activeElement;
    if (bar.contains(here) && from && from.isConnected) { from.focus(); from = null; return; }
    const first = [...bar.querySelectorAll("button, input, [href]")].find((x) => !x.hidden && x.offsetParent !== null);
    if (!first) return;
    if (!bar.contains(here)) from = here !== D.body ? here : null;
    bar.scrollIntoView({ block: "nearest" });
    first.focus();
  }
  function skipLink(bar) {
    let a = D.querySelector("a.rb-skip");
    if (!bar) { if (a) a.remove(); return; }
    if (a) return;
    a = D.createElement("a");
    a.className = "rb-skip";
    a.textContent = R.tx("skip");
    a.href = "#rb-toolbar";
    a.addEventListener("click", (e) => { e.preventDefault(); toToolbar(); });
    const md = D.querySelector(".md-skip");
    if (md) md.after(a); else D.body.prepend(a);
  }

  // a runbook page (or a plain one: null) is on screen
  H.attach = (api) => {
    R = api;
    const m = new URLSearchParams(location.search).get("rb-print");
    urlPrint = m === "blank" || m === "filled" ? m : null;
    setPrint(urlPrint);
    skipLink(api && api.toolbar);
    if (!api) return;
    api.title = api.root.dataset.rbTitle || api.id;
    api.el = (tag, cls, text) => { const e = D.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; };
    api.say = sayer(api);
    // the core's, with their buttons; "could not load the tools" is over now they are here
    if (api.notices) [...api.notices.children].forEach((n) => { if (n.args) n.args[0] === "tools" ? n.remove() : api.say(...n.args); });
    api.sortOut = (recs) => sortOut(api, recs);
    api.stamp = stamper(api);
    api.boxes.forEach((b, k) => api.stamp(b, api.get(k)));
    api.snapshot = (recs, v) => snapshot(api, recs, v);
    api.current = () => current(api);
    api.download = (data, name) => download(api, data, name);
    api.sv = () => SV;
    // the scroll padding under the sticky toolbar (runbooks.js), kept current as the toolbar grows and shrinks
    const bar = api.toolbar, high = () => {
      HTML.style.scrollPaddingTop = (bar && getComputedStyle(bar).position === "sticky" ? bar.offsetHeight : 0) + "px";
    };
    if (bar && window.ResizeObserver) new ResizeObserver(() => { if (R === api) high(); }).observe(bar);
    high();
    if (api.odd) { // saved values to sort out: before runs.js makes a run of what was saved
      api.odd = 0;
      reconcile(api);
      const queued = new Set(api.queue.map(([, r]) => r)), was = api.saved; // changed here since: as saved
      api.saved = new Map([...api.mem].map(([k, r]) => [k, queued.has(r) ? was.get(k) : r]).filter(([, r]) => r));
    }
    on.forEach((f) => f(api));
  };
  H.ponr = ponr;
  H.importRun = importRun;
  H.snapshot = snapshot;
  H.download = download;
})();
