/* mkdocs-runbooks: fillable runbook pages, no dependencies. See content/running.md.
 * localStorage key per item/field: rb|<runbook id>|<runbook version>|<id>; no site version, so a run
 * survives a docs publish (mike alias moves). value: {v: value, t: ISO time, s: item signature, x: 1 if
 * unticked because the item changed}. The page holds the run in memory (mem); storage is a copy of it. */
(() => {
  "use strict";
  if (window.__rbRunbooks) return;
  window.__rbRunbooks = 1;
  const D = document, HTML = D.documentElement, MAXV = 20000, MAXF = 1 << 20;
  let LS = null;
  try { LS = window.localStorage; LS.length; } catch (e) { LS = null; }

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
  let S = {}, dayF = null, hmF = null;
  const fmt = (tpl, v) => String(tpl).replace(/\{(\w+)\}/g, (m, n) => (v && n in v ? v[n] : m));
  const tpl = (k, n) => (n != null && (S[k + "." + new Intl.PluralRules(S.lang || "en").select(n)] || S[k + ".other"])) || S[k] || k;
  const tx = (k, v, n) => fmt(tpl(k, n), v);
  const dtf = (o) => { try { return new Intl.DateTimeFormat(S.locale || HTML.lang || "en", o); } catch (e) { return new Intl.DateTimeFormat("en-CA", o); } };
  const strings = (root) => {
    S = parse(root.dataset.rbStrings || "") || {};
    dayF = dtf({ year: "numeric", month: "2-digit", day: "2-digit" });
    hmF = dtf({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  };
  const day = (d) => (dayF || dtf({ year: "numeric", month: "2-digit", day: "2-digit" })).format(d);
  const hm = (d) => (hmF || dtf({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" })).format(d);
  const full = (t) => { const d = new Date(t); return isNaN(d) ? String(t) : day(d) + " " + hm(d); };
  const isTime = (t) => typeof t === "string" && !isNaN(new Date(t));
  const cut = (v) => { const s = typeof v === "string" ? v : JSON.stringify(v); return s.length > 80 ? s.slice(0, 79) + "…" : s; };

  // print mode for print.css: html[data-rb-print=blank|filled]; the PDF's title is the runbook's
  let urlPrint = null, title0 = null;
  const setPrint = (m) => { if (m) HTML.dataset.rbPrint = m; else delete HTML.dataset.rbPrint; };
  addEventListener("beforeprint", () => {
    if (!HTML.dataset.rbPrint) setPrint("filled");
    if (run && title0 == null) { title0 = D.title; D.title = run.title; }
  });
  addEventListener("afterprint", () => { setPrint(urlPrint); if (title0 != null) D.title = title0; title0 = null; });

  let run = null;
  // runs.js (several runs, who/when log, outcomes) plugs in here: H.run(api) when a page starts,
  // H.change(key, rec) before a user's change is saved, H.export()/H.importRun(file) replace those actions
  const H = (window.rbHooks = window.rbHooks || {});

  function Run(root) {
    strings(root);
    const id = root.dataset.rbRunbook, ver = root.dataset.rbVersion || "", title = root.dataset.rbTitle || id;
    const base = `rb|${id}|`, prefix = base + ver + "|";
    const boxes = new Map(), fields = new Map(), mem = new Map(), clash = new Set();
    root.querySelectorAll("input[data-rb-item]").forEach((b) => boxes.set(b.dataset.rbItem, b));
    root.querySelectorAll("[data-rb-field]").forEach((f) => {
      const k = f.dataset.rbField;
      fields.has(k) ? fields.get(k).push(f) : fields.set(k, [f]);
    });
    const operator = root.querySelector("[data-rb-operator]");
    if (operator) fields.set("@operator", [operator]);
    const q = (s) => root.querySelector(s);
    const bar = q(".rb-bar"), count = q("[data-rb-progress]"), crit = q("[data-rb-jump]"), notices = q("[data-rb-notice]"),
      started = q("[data-rb-started]"), record = q("[data-rb-record]"), toolbar = q("[data-rb-toolbar]"),
      announce = q("[data-rb-announce]");
    const counted = [...boxes.values()].filter((b) => !b.closest(".rb-procedures"));
    const item = (b) => b.closest(".rb-item");
    const label = (b) => { const l = b.parentElement.querySelector("label"); return (l ? l.textContent : b.dataset.rbItem).trim(); };
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
      say("store", "error", tx("not_saving", { why: e ? ` (${e.name})` : "" }), null,
        [[tx("export"), () => download(snapshot(current(), ver))]], 1);
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
    const setField = (els, v) => {
      if (els[0].type === "radio") els.forEach((e) => { e.checked = e.value === v; });
      else if (els[0].value !== v) els[0].value = v;
    };
    const stamp = (b, rec) => {
      const line = b.parentElement, t = b.checked && rec && rec.t, it = item(b);
      let s = line.querySelector(".rb-ticked-at"), c = line.querySelector(".rb-changed-note");
      it.classList.toggle("rb-done", b.checked);
      it.classList.toggle("rb-changed", !!(rec && rec.x && !b.checked));
      if (rec && rec.x && !b.checked) { if (!c) line.append(el("span", "rb-changed-note", tx("changed_note"))); } else if (c) c.remove();
      const lab = line.querySelector("label");
      if (!t) {
        if (s) s.remove();
        b.removeAttribute("title");
        if (lab) lab.removeAttribute("title");
        return;
      }
      if (!s) line.append((s = el("time", "rb-ticked-at")));
      const d = new Date(t), f = fmt(tpl("ticked"), { when: full(t) });
      s.dateTime = t;
      s.dataset.day = day(d);
      s.classList.toggle("rb-today", day(d) === day(new Date()));
      s.textContent = hm(d);
      s.title = b.title = f;
      if (lab) lab.title = f;
    };
    const apply = (k) => {
      const rec = get(k);
      if (boxes.has(k)) {
        const b = boxes.get(k);
        b.checked = rec && typeof rec.v === "boolean" ? rec.v : b.defaultChecked;
        stamp(b, rec);
      } else if (fields.has(k)) {
        const els = fields.get(k), v = rec && typeof rec.v === "string" ? rec.v : "";
        if (clash.has(k)) return;
        setField(els, fits(els, v) ? v : "");
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
      text(count, `${done}/${counted.length}`);
      const st = get("@started");
      if (st) fill(started, "run_started", { when: full(st.v) }); else text(started, "");
      fill(record, "progress_record", { done, total: counted.length }, counted.length);
      const summary = tx("announce", { done, total: counted.length }, counted.length)
        + (critical.length ? tx("announce_critical", { n: open }, open) : "");
      if (bar) { bar.max = counted.length || 1; bar.value = done; bar.setAttribute("aria-valuetext", summary); }
      if (crit) { crit.hidden = !open; fill(crit, "critical_open", { n: open }, open); }
      if (changed) tell(summary); else said = summary; // load, import, reset, another tab: the new baseline
      root.classList.toggle("rb-all-done", done === counted.length && done > 0);
      sections.forEach((s) => {
        let d = 0;
        s.boxes.forEach((b) => { if (isDone(b)) d++; });
        fill(s.c, "section_done", { done: d, total: s.boxes.length }, s.boxes.length);
        s.sec.classList.toggle("rb-complete", d === s.boxes.length && d > 0);
      });
    }

    // -- messages: in the sticky toolbar, where the reader is; one of each kind -------------------------
    function say(kind, sev, msg, list, actions, lasting) {
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
          b.onclick = () => { const to = after(n); fn(n); if (!n.isConnected) settle(to); };
          row.append(b);
        });
      n.append(row);
      old ? old.replaceWith(n) : notices.append(n);
      return n;
    }
    // a dismissed notice took the focused button with it: focus the next notice, else the toolbar's first button
    const after = (n) => n.nextElementSibling || n.previousElementSibling;
    const settle = (to) => {
      if (D.activeElement && D.activeElement !== D.body && D.activeElement.isConnected) return;
      const b = (to && to.isConnected && to.querySelector("button")) || (toolbar && toolbar.querySelector(".rb-actions .rb-btn"));
      if (b) b.focus();
    };
    const show = (k, v) => (typeof v === "boolean" ? tx(v ? "is_ticked" : "not_ticked", { key: k }) : `${k}: "${cut(v)}"`);

    function snapshot(recs, version) {
      const items = {}, vals = {};
      Object.keys(recs).forEach((k) => {
        const r = recs[k];
        if (!r || k[0] === "@") return;
        if (typeof r.v === "boolean") items[k] = { checked: r.v, at: r.v ? r.t : null };
        else if (r.v !== "") vals[k] = { value: r.v, at: r.t };
      });
      const stamps = Object.values(recs).map((r) => r && r.t).filter(Boolean).sort();
      return {
        format: "mkdocs-runbooks/run@1", runbook: id, version, site_version: SV, title, page: location.origin + location.pathname,
        operator: recs["@operator"] ? recs["@operator"].v : "",
        started_at: recs["@started"] ? recs["@started"].v : stamps[0] || null,
        updated_at: stamps[stamps.length - 1] || null, exported_at: now(),
        items, fields: vals,
      };
    }
    // what the page shows: every box, every field with a value, times from mem
    const current = () => {
      const recs = {};
      boxes.forEach((b, k) => { const r = get(k); recs[k] = { v: b.checked, t: r && r.v === b.checked ? r.t : null }; });
      fields.forEach((els, k) => { const v = fieldValue(els), r = get(k); if (v !== "") recs[k] = { v, t: r && r.v === v ? r.t : now() }; });
      if (get("@started")) recs["@started"] = get("@started");
      return recs;
    };
    function download(data) {
      const stamp = data.exported_at.slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
      const a = el("a");
      a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" }));
      a.download = `${id}-v${data.version || "0"}-run-${stamp}.json`;
      D.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    }
    // a record saved for another version (or before an item changed): what still applies on this page.
    // A ticked item whose text, command or fields changed (its signature) comes back unticked and marked.
    function sortOut(recs) {
      const keep = {}, dropped = [], changed = [];
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
        } else if (fields.has(k) && fits(fields.get(k), r.v)) keep[k] = r;
        else if (fields.has(k) || b) changed.push(tx("no_longer_fits", { what: show(k, r.v) }));
        else dropped.push(tx("no_longer_in", { what: show(k, r.v) }));
      });
      return { keep, dropped, changed };
    }
    function importRun(file) {
      const bad = (m) => say("import", "error", tx("import_failed", { file: file.name, why: m }));
      if (file.size > MAXF) return bad(tx("too_big", { size: Math.ceil(file.size / 1024), max: MAXF >> 10 }));
      file.text().then((txt) => {
        const data = parse(txt), obj = (o) => o && typeof o === "object" && !Array.isArray(o);
        if (!data || typeof data !== "object") return bad(tx("not_json"));
        if (typeof data.format !== "string" || !data.format.startsWith("mkdocs-runbooks/run")) return bad(tx("not_export"));
        if (data.runbook !== id) return bad(tx("other_runbook", { other: cut(data.runbook), id }));
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
          else if (!fits(fields.get(k), v)) not.push(tx("does_not_fit", { what: show(k, v) }));
          else recs[k] = { v, t: at(r), w: by(r) };
        });
        if (isTime(data.started_at)) recs["@started"] = { v: new Date(data.started_at).toISOString(), t: now() };
        const n = Object.keys(recs).length, had = [...mem.keys()].filter((k) => k[0] !== "@").length;
        if (H.add) return H.add(recs, data, file.name, not); // runs.js: a new run, never a replacement
        if (had && !confirm(tx("replace_confirm", { had, n, file: file.name }) +
          (not.length ? tx("cannot_apply", { n: not.length }) : "") + tx("export_first"))) {
          return say("import", "warn", tx("import_cancelled", { file: file.name }));
        }
        const before = new Map(mem);
        let ok = true;
        [...mem.keys()].forEach((k) => { ok = put(k, null) && ok; });
        Object.keys(recs).forEach((k) => { ok = put(k, recs[k]) && ok; });
        if (!ok && LS) { // the browser refused part of it: put the old run back, as it was
          lskeys(prefix).forEach((k) => write(k, null));
          mem.clear();
          before.forEach((r, k) => put(k, r));
          applyAll();
          return bad(tx("refused"));
        }
        applyAll();
        const from = data.version && data.version !== ver ? tx("exported_from", { from: cut(data.version), to: ver }) : "";
        say("import", "ok", tx("imported", { operator: cut(data.operator || tx("unnamed_operator")),
          when: data.exported_at ? full(data.exported_at) : tx("unknown_time"), from, n }),
        not.map((x) => tx("not_applied", { what: x })));
      }, () => bad(tx("unreadable")));
    }

    // saved values the page no longer shows: other versions' runs, items removed or renamed without a
    // version change. Carry over what fits; keep the rest, with a notice, until dismissed.
    function reconcile() {
      const olds = {}, legacy = new RegExp(`^rb\\|[^|]*\\|${id}\\|([^|]*)\\|([^|]*)$`); // ids are slugs
      lskeys("rb|").forEach((k) => { // keys of 0.x (rb|<site version>|<id>|<version>|<key>): move, newest wins
        const m = legacy.exec(k);
        if (!m) return;
        const nk = base + m[1] + "|" + m[2], r = parse(LS.getItem(k)), o = parse(LS.getItem(nk));
        if (r && (!o || (r.t || "") > (o.t || ""))) write(nk, r);
        write(k, null);
      });
      read();
      lskeys(base).forEach((k) => {
        if (k.startsWith(prefix)) return;
        const rest = k.slice(base.length), j = rest.indexOf("|"), v = rest.slice(0, j);
        (olds[v] = olds[v] || {})[rest.slice(j + 1)] = parse(LS.getItem(k));
      });
      const here = {};
      mem.forEach((r, k) => { here[k] = r; });
      const mine = sortOut(here);
      Object.keys(mine.keep).forEach((k) => { if (mine.keep[k] !== here[k]) put(k, mine.keep[k]); });
      const gone = {};
      Object.keys(here).forEach((k) => { if (!mine.keep[k]) { gone[k] = here[k]; mem.delete(k); } });
      if (Object.keys(gone).length || mine.changed.length) {
        const note = say("orphans", "warn", tx("orphans"), mine.dropped.concat(mine.changed), Object.keys(gone).length
          ? [[tx("export_them"), () => download(snapshot(gone, ver))]] : null);
        if (note) note.onclose = () => {
          if (Object.keys(gone).length && !confirm(tx("forget_orphans"))) return;
          Object.keys(gone).forEach((k) => write(prefix + k, null));
          note.remove();
        };
      }
      Object.keys(olds).forEach((v) => {
        const recs = olds[v], { keep, dropped, changed } = sortOut(recs), n = Object.keys(keep).filter((k) => k[0] !== "@" && !keep[k].x).length;
        Object.keys(keep).forEach((k) => { if (!mem.has(k)) put(k, keep[k]); });
        const old = snapshot(recs, v);
        const note = say("v" + v, "warn", tx("version_changed", { from: v, to: ver }) +
          tx("carried", { n }, n) + (dropped.length + changed.length ? tx("second_look") : tx("nothing_dropped")),
        dropped.concat(changed), [[tx("export_version", { v }), () => download(old)]]);
        if (note) note.onclose = () => {
          if (!confirm(tx("forget_version", { v }))) return;
          lskeys(base + v + "|").forEach((k) => write(k, null));
          note.remove();
        };
      });
    }

    // the point of no return asks first while a critical item before it is open or a go/no-go says No
    const before = (a, b) => a.compareDocumentPosition(b) & 4;
    const blockers = (b) => {
      const out = [];
      critical.forEach((c) => { if (c !== b && before(c, b) && !isDone(c)) out.push(tx("critical_not_done", { item: label(c) })); });
      fields.forEach((els, k) => {
        if (els[0].closest(".rb-field-yesno") && before(els[0], b) && fieldValue(els) === "no") {
          out.push(tx("answer_no", { label: (els[0].closest("fieldset").querySelector("legend") || {}).textContent || k, key: k }));
        }
      });
      return out;
    };

    this.prefix = prefix;
    this.root = root;
    this.title = title;
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
      } else if (t.dataset.rbItem && ev === "change") {
        const ponr = t.checked && item(t).classList.contains("rb-irreversible") && blockers(t);
        if (ponr && ponr.length) {
          const why = (item(t).previousElementSibling || {}).textContent || "";
          if (!confirm(tx("ponr_confirm", { item: label(t), why: why.trim() || tx("ponr_default"), blockers: ponr.join("\n- ") }))) {
            t.checked = false;
            return;
          }
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
    this.action = (t) => {
      const a = t.dataset.rbAction;
      if (a === "export") H.export ? H.export() : download(snapshot(current(), ver));
      else if (a && H.action && H.action(a, t)) return;
      else if (a === "reset") {
        const others = lskeys(base).filter((k) => !k.startsWith(prefix)).length;
        if (!confirm(tx("reset_confirm", { others: others ? tx("reset_others") : "" }))) return;
        lskeys(base).forEach((k) => write(k, null));
        mem.clear();
        clash.clear();
        if (notices) [...notices.children].forEach((n) => { if (n.dataset.kind !== "store") n.remove(); });
        applyAll();
        say("reset", "ok", tx("reset_done", { time: hm(new Date()) }));
      } else if (a === "print") {
        menu(false);
        setPrint(t.dataset.rbPrint === "blank" ? "blank" : "filled");
        window.print();
      } else if (t.dataset.rbJump) {
        const next = critical.find((b) => !isDone(b));
        if (next) { item(next).scrollIntoView({ block: "center" }); next.focus({ preventScroll: true }); }
      }
    };
    this.importRun = (file) => (H.importRun ? H.importRun(file) : importRun(file));
    const logged = (k, rec) => (H.change ? H.change(k, rec) || rec : rec);
    this.api = { id, ver, title, root, mem, boxes, fields, get, put, write, lskeys, read, applyAll, say, snapshot, current,
      download, sortOut, fieldValue, fits, prefix, base, sv: () => SV, tx };

    if (LS) {
      try { LS.setItem(prefix + "@probe", "1"); LS.removeItem(prefix + "@probe"); } catch (e) { cannot(e); }
      reconcile();
    }
    if (!LS) cannot();
    applyAll();
    root.querySelectorAll("[data-rb-toolbar], [data-rb-run]").forEach((e) => { e.hidden = false; });
    root.classList.add("rb-live");
    // in-page jumps land below the header and the sticky toolbar: its height, kept current, is the page's
    // scroll-padding (one property of <html>; an inherited custom property restyled the whole page);
    // 0 where forms.css lets the toolbar scroll away (short and zoomed-in screens)
    const high = () => {
      HTML.style.scrollPaddingTop = (toolbar && getComputedStyle(toolbar).position === "sticky" ? toolbar.offsetHeight : 0) + "px";
    };
    if (toolbar && window.ResizeObserver) new ResizeObserver(() => { if (run && run.root === root) high(); }).observe(toolbar);
    high();
    skipLink(toolbar);
    // the toolbar and notices just took room above a deep-linked target: bring it back into view
    H.api = this.api;
    if (H.run) H.run(this.api);
    const hit = location.hash && D.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (hit && root.contains(hit)) hit.scrollIntoView();
  }

  // start on every page: from Material's document$ (instant navigation) and from the page load itself,
  // since document$ never fires in some setups (file://, the offline plugin); once per runbook element
  function init() {
    const root = D.querySelector("[data-rb-runbook]");
    if (run && run.root === root) return;
    const m = new URLSearchParams(location.search).get("rb-print");
    urlPrint = m === "blank" || m === "filled" ? m : null;
    setPrint(urlPrint);
    HTML.style.scrollPaddingTop = ""; // a plain page reached by instant navigation: no toolbar to clear
    run = root ? new Run(root) : null;
    if (!run) skipLink(null);
  }

  const mine = (t) => run && t && t.closest && run.root.contains(t);
  D.addEventListener("change", (e) => {
    const t = e.target, file = t.files && t.files[0];
    if (t.dataset && t.dataset.rbAction === "import") {
      t.value = "";
      if (file && mine(t)) run.importRun(file);
    } else if (mine(t)) run.onInput(t, "change");
  });
  D.addEventListener("input", (e) => { if (mine(e.target) && e.target.type !== "checkbox") run.onInput(e.target, "input"); });
  D.addEventListener("focusout", (e) => { if (mine(e.target)) run.leave(e.target); });
  D.addEventListener("click", (e) => {
    const t = e.target.closest && e.target.closest("button[data-rb-action], button[data-rb-jump], button[data-rb-menu]");
    if (t && mine(t) && t.dataset.rbMenu != null) return menu(t.getAttribute("aria-expanded") !== "true");
    menu(false);
    if (mine(t)) run.action(t);
  });
  // the Print menu: a menu button (WAI-ARIA APG): arrows move, Escape and Tab close it; kept on-screen
  function menu(open, focus) {
    const b = run && run.root.querySelector("[data-rb-menu]");
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
  D.addEventListener("keydown", (e) => {
    if (!run) return;
    if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === "KeyR") { e.preventDefault(); toToolbar(); return; }
    const t = e.target, open = run.root.querySelector("[data-rb-menu][aria-expanded=true]");
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
  });
  D.addEventListener("focusin", (e) => { if (run && !(e.target.closest && e.target.closest(".rb-print-menu"))) menu(false); });

  // the toolbar is far down the tab order (Material's header and navigation come first): a skip link, first
  // after Material's own, and Alt+Shift+R (content/running.md) go to it; Alt+Shift+R again goes back
  let from = null;
  function toToolbar() {
    const bar = run && run.root.querySelector("[data-rb-toolbar]");
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
    a = el("a", "rb-skip", tx("skip"));
    a.href = "#rb-toolbar";
    a.addEventListener("click", (e) => { e.preventDefault(); toToolbar(); });
    const md = D.querySelector(".md-skip");
    if (md) md.after(a); else D.body.prepend(a);
  }
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
