/* mkdocs-runbooks: fillable runbook pages, no dependencies. See content/running.md.
 * localStorage key per item/field: rb|<site version>|<runbook id>|<version>|<id>
 * value: {v: value, t: ISO time, h: item text hash} */
(() => {
  "use strict";
  if (window.__rbRunbooks) return;
  window.__rbRunbooks = 1;
  const D = document, HTML = D.documentElement;
  let LS = null;
  try { LS = window.localStorage; LS.length; } catch (e) { LS = null; }

  // site version: "" unless mike; then the site root's top-level folder, alias -> version
  let cfg = {};
  try { cfg = JSON.parse(D.getElementById("__config").textContent); } catch (e) {}
  const siteRoot = new URL(cfg.base || ".", location.href);
  const meta = D.querySelector('meta[name="rb-site-version"]');
  const siteVersion = meta ? Promise.resolve(meta.content)
    : !(cfg.version && cfg.version.provider === "mike") ? Promise.resolve("")
    : (() => {
      const seg = decodeURIComponent(siteRoot.pathname.replace(/\/$/, "").split("/").pop() || "");
      return fetch(new URL("../versions.json", siteRoot)).then((r) => r.json()).then((list) => {
        const hit = list.find((v) => v.version === seg || (v.aliases || []).includes(seg));
        return hit ? hit.version : seg;
      }).catch(() => seg);
    })();

  const now = () => new Date().toISOString();
  const parse = (s) => { try { return JSON.parse(s); } catch (e) { return null; } };
  const el = (tag, cls, text) => {
    const e = D.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text; // user data: text only
    return e;
  };
  const text = (e, t) => { if (e && e.textContent !== t) e.textContent = t; }; // untouched text: no relayout
  const hash = (s) => {
    let h = 5381;
    for (let i = 0; i < s.length; i++) h = (h * 33) ^ s.charCodeAt(i);
    return (h >>> 0).toString(36);
  };
  const fmt = (t) => {
    const d = new Date(t), hm = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return d.toDateString() === new Date().toDateString() ? hm : d.toLocaleDateString() + " " + hm;
  };

  // print mode for print.css: html[data-rb-print=blank|filled]
  let urlPrint = null;
  const setPrint = (m) => { if (m) HTML.dataset.rbPrint = m; else delete HTML.dataset.rbPrint; };
  addEventListener("beforeprint", () => { if (!HTML.dataset.rbPrint) setPrint("filled"); });
  addEventListener("afterprint", () => setPrint(urlPrint));

  let run = null;

  function Run(root, sv) {
    const id = root.dataset.rbRunbook, ver = root.dataset.rbVersion || "";
    const base = `rb|${sv}|${id}|`, prefix = base + ver + "|";
    const boxes = new Map(), fields = new Map();
    root.querySelectorAll("input[data-rb-item]").forEach((b) => boxes.set(b.dataset.rbItem, b));
    root.querySelectorAll("[data-rb-field]").forEach((f) => {
      const k = f.dataset.rbField;
      fields.has(k) ? fields.get(k).push(f) : fields.set(k, [f]);
    });
    const operator = root.querySelector("[data-rb-operator]");
    if (operator) fields.set("@operator", [operator]);
    const q = (s) => root.querySelector(s);
    const bar = q(".rb-bar"), count = q("[data-rb-progress]"), crit = q("[data-rb-jump]"), notices = q("[data-rb-notice]"), started = q("[data-rb-started]");
    const counted = [...boxes.values()].filter((b) => !b.closest(".rb-procedures"));
    // required fields hold their item back
    const needs = new Map();
    boxes.forEach((b) => {
      const fs = b.closest(".rb-item").querySelector(":scope > .rb-fields");
      const req = fs ? [...new Set([...fs.querySelectorAll("[data-rb-field][required]")].map((f) => f.dataset.rbField))] : [];
      if (req.length) needs.set(b, req.map((k) => fields.get(k)));
    });
    const isDone = (b) => b.checked && (needs.get(b) || []).every((els) => fieldValue(els) !== "");
    const critical = counted.filter((b) => b.closest(".rb-item").classList.contains("rb-sev-critical"));
    const sections = [...root.querySelectorAll(".rb-count[data-rb-count]")].map((c) => {
      const sec = c.closest(".rb-section");
      return { c, sec, boxes: [...sec.querySelectorAll("input[data-rb-item]")] };
    });
    const itemText = (b) => {
      const l = b.parentElement.querySelector("label");
      return hash((l ? l.textContent : "").replace(/^\s*\d+\.\s*/, "").trim());
    };

    let warned = 0;
    const get = (k) => (LS ? parse(LS.getItem(prefix + k)) : null);
    const store = (k, rec) => {
      if (!LS) { if (!warned++) say("error", "This browser cannot save: export the run before you leave."); return; }
      try {
        if (!LS.getItem(prefix + "@started") && k[0] !== "@") LS.setItem(prefix + "@started", JSON.stringify({ v: now(), t: now() }));
        LS.setItem(prefix + k, JSON.stringify(rec));
      } catch (e) { say("error", `Could not save (${e.name}): export the run.`); }
    };
    const keys = (pfx) => {
      const out = [];
      if (LS) for (let i = 0; i < LS.length; i++) { const k = LS.key(i); if (k && k.startsWith(pfx)) out.push(k); }
      return out;
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
      else els[0].value = v;
    };
    const stamp = (b, t) => {
      const line = b.parentElement;
      let s = line.querySelector(".rb-ticked-at");
      b.closest(".rb-item").classList.toggle("rb-done", b.checked);
      const label = line.querySelector("label");
      if (!b.checked || !t) {
        if (s) s.remove();
        b.removeAttribute("title");
        if (label) label.removeAttribute("title");
        return;
      }
      if (!s) line.append((s = el("time", "rb-ticked-at")));
      const full = "Ticked " + new Date(t).toLocaleString();
      s.dateTime = t;
      s.textContent = "✓ " + fmt(t);
      s.title = b.title = full;
      if (label) label.title = full;
    };
    const apply = (k, rec) => {
      if (boxes.has(k)) {
        const b = boxes.get(k);
        b.checked = rec ? !!rec.v : b.defaultChecked;
        stamp(b, rec && rec.v ? rec.t : null);
      } else if (fields.has(k)) {
        const els = fields.get(k), v = rec && typeof rec.v === "string" ? rec.v : "";
        if (fits(els, v)) setField(els, v);
      }
    };
    const applyAll = () => {
      boxes.forEach((b, k) => apply(k, get(k)));
      fields.forEach((els, k) => apply(k, get(k)));
      progress();
    };

    function progress() {
      let done = 0, open = 0;
      needs.forEach((_, b) => b.closest(".rb-item").classList.toggle("rb-needs-fields", b.checked && !isDone(b)));
      counted.forEach((b) => { if (isDone(b)) done++; });
      critical.forEach((b) => { if (!isDone(b)) open++; });
      text(count, `${done}/${counted.length}`);
      const st = get("@started");
      text(started, st ? "Run started " + fmt(st.v) : "");
      if (bar) { bar.max = counted.length || 1; bar.value = done; }
      if (crit) { crit.hidden = !open; text(crit, `${open} critical open`); }
      root.classList.toggle("rb-all-done", done === counted.length && done > 0);
      sections.forEach((s) => {
        let d = 0;
        s.boxes.forEach((b) => { if (isDone(b)) d++; });
        text(s.c, `${d}/${s.boxes.length} done`);
        s.sec.classList.toggle("rb-complete", d === s.boxes.length && d > 0);
      });
    }

    function say(kind, text, list, actions) {
      if (!notices) return null;
      const n = el("div", "rb-notice rb-notice-" + kind);
      n.setAttribute("role", kind === "error" ? "alert" : "status");
      n.append(el("p", "", text));
      if (list && list.length) {
        const ul = el("ul");
        list.forEach((x) => ul.append(el("li", "", x)));
        n.append(ul);
      }
      const bar = el("p", "rb-notice-actions");
      (actions || []).concat([[actions ? "Dismiss" : "OK", () => (n.onclose ? n.onclose() : n.remove())]])
        .forEach(([label, fn]) => {
          const b = el("button", "rb-btn", label);
          b.type = "button";
          b.onclick = () => fn(n);
          bar.append(b);
        });
      n.append(bar);
      notices.append(n);
      return n;
    }
    const show = (k, v) => (typeof v === "boolean" ? `${k}: ${v ? "ticked" : "not ticked"}` : `${k}: "${v}"`);

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
        format: "mkdocs-runbooks/run@1", runbook: id, version, site_version: sv,
        title: (D.querySelector("h1") || {}).textContent || id, page: location.origin + location.pathname,
        operator: recs["@operator"] ? recs["@operator"].v : "",
        started_at: recs["@started"] ? recs["@started"].v : stamps[0] || null,
        updated_at: stamps[stamps.length - 1] || null, exported_at: now(),
        items, fields: vals,
      };
    }
    const current = () => {
      const recs = {};
      if (LS) keys(prefix).forEach((k) => { recs[k.slice(prefix.length)] = parse(LS.getItem(k)); });
      boxes.forEach((b, k) => { if (!recs[k]) recs[k] = { v: b.checked, t: null }; });
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
    function sortOut(recs) {
      const keep = {}, dropped = [], changed = [];
      Object.keys(recs).forEach((k) => {
        const r = recs[k];
        if (!r || typeof r !== "object") return;
        if (k[0] === "@") { keep[k] = r; return; }
        if (boxes.has(k) && typeof r.v === "boolean") {
          keep[k] = r;
          if (r.v && r.h && r.h !== itemText(boxes.get(k))) changed.push(`${k}: reworded since you ticked it; check it again`);
        } else if (fields.has(k) && fits(fields.get(k), r.v)) keep[k] = r;
        else if (fields.has(k) || boxes.has(k)) changed.push(`${show(k, r.v)} no longer fits this field`);
        else dropped.push(`${show(k, r.v)} (no longer in the runbook)`);
      });
      return { keep, dropped, changed };
    }
    function importRun(file) {
      file.text().then((text) => {
        const data = parse(text), bad = (m) => say("error", `Import of ${file.name} failed: ${m}. Nothing was changed.`);
        if (!data || typeof data !== "object") return bad("it is not valid JSON");
        if (typeof data.format !== "string" || !data.format.startsWith("mkdocs-runbooks/run")) return bad("it is not a runbook run export");
        if (data.runbook !== id) return bad(`it is a run of runbook "${data.runbook}", not "${id}"`);
        const recs = {}, obj = (o) => o && typeof o === "object" && !Array.isArray(o);
        if (!obj(data.items || {}) || !obj(data.fields || {})) return bad("its items or fields are malformed");
        Object.entries(data.items || {}).forEach(([k, r]) => {
          const v = obj(r) ? r.checked : r;
          if (typeof v === "boolean") recs[k] = { v, t: obj(r) && typeof r.at === "string" ? r.at : now() };
        });
        Object.entries(data.fields || {}).forEach(([k, r]) => {
          const v = obj(r) ? r.value : r;
          if (typeof v === "string" || typeof v === "number") recs[k] = { v: String(v), t: obj(r) && typeof r.at === "string" ? r.at : now() };
        });
        if (typeof data.operator === "string") recs["@operator"] = { v: data.operator, t: now() };
        if (typeof data.started_at === "string") recs["@started"] = { v: data.started_at, t: now() };
        const { keep, dropped, changed } = sortOut(recs);
        if (!LS) return bad("this browser does not allow saving");
        keys(prefix).forEach((k) => LS.removeItem(k));
        Object.keys(keep).forEach((k) => { if (boxes.has(k)) keep[k].h = itemText(boxes.get(k)); store(k, keep[k]); });
        applyAll();
        const from = data.version && data.version !== ver ? ` (exported from version ${data.version}, this page is ${ver})` : "";
        say("ok", `Imported the run of ${data.operator || "an unnamed operator"} from ${data.exported_at || "an unknown date"}${from}: ${Object.keys(keep).length} values.`,
          dropped.concat(changed).map((x) => "Not applied: " + x));
      }, () => say("error", `Could not read ${file.name}. Nothing was changed.`));
    }

    // other versions' runs: carry over what fits, keep the old run until dismissed
    function migrate() {
      const olds = {};
      keys(base).forEach((k) => {
        if (k.startsWith(prefix)) return;
        const rest = k.slice(base.length), j = rest.lastIndexOf("|"), v = rest.slice(0, j);
        (olds[v] = olds[v] || {})[rest.slice(j + 1)] = parse(LS.getItem(k));
      });
      Object.keys(olds).forEach((v) => {
        const recs = olds[v], { keep, dropped, changed } = sortOut(recs);
        let n = 0;
        Object.keys(keep).forEach((k) => { if (!get(k)) { store(k, keep[k]); n++; } });
        const old = snapshot(recs, v);
        const note = say("warn", `This runbook changed from version ${v} to ${ver} since your run was saved. ` +
          `${n} value${n === 1 ? "" : "s"} carried over.` + (dropped.length + changed.length
            ? " These were not carried over or need a second look:" : " Nothing was dropped."),
        dropped.concat(changed), [[`Export the version ${v} run`, () => download(old)]]);
        if (note) note.onclose = () => {
          if (!confirm(`Forget the saved version ${v} run? Export it first if you need it.`)) return;
          keys(base + v + "|").forEach((k) => LS.removeItem(k));
          note.remove();
        };
      });
    }

    this.prefix = prefix;
    this.root = root;
    this.onInput = (t, ev) => {
      if (t === operator || t.dataset.rbField) {
        const k = t === operator ? "@operator" : t.dataset.rbField, v = fieldValue(fields.get(k)), old = get(k);
        if (!old || old.v !== v) store(k, { v, t: now() });
        if (t.required) progress();
        // signature = name + date
        const date = fields.get(k + "/date");
        if (date && v && ev === "change" && !date[0].value) {
          date[0].value = now().slice(0, 10);
          store(k + "/date", { v: date[0].value, t: now() });
        }
      } else if (t.dataset.rbItem && ev === "change") {
        const rec = { v: t.checked, t: now() };
        if (t.checked) rec.h = itemText(t);
        store(t.dataset.rbItem, rec);
        stamp(t, rec.v && rec.t);
        progress();
      }
    };
    this.onStorage = (k, val) => { apply(k, parse(val)); progress(); };
    this.applyAll = applyAll;
    this.action = (t) => {
      const a = t.dataset.rbAction;
      if (a === "export") download(snapshot(current(), ver));
      else if (a === "reset") {
        const others = keys(base).filter((k) => !k.startsWith(prefix)).length;
        if (!confirm("Reset this run? Every tick and value on this page is cleared" +
          (others ? ", and the saved run of the previous version is forgotten" : "") + ". Export first if you need a record.")) return;
        keys(base).forEach((k) => LS.removeItem(k));
        if (notices) notices.textContent = "";
        applyAll();
        say("ok", "The run was reset.");
      } else if (a === "print") {
        menu(false);
        setPrint(t.dataset.rbPrint === "blank" ? "blank" : "filled");
        window.print();
      } else if (t.dataset.rbJump) {
        const next = critical.find((b) => !isDone(b));
        if (next) { next.closest(".rb-item").scrollIntoView({ block: "center" }); next.focus({ preventScroll: true }); }
      }
    };
    this.importRun = importRun;

    if (LS) migrate();
    applyAll();
    root.querySelectorAll("[data-rb-toolbar], [data-rb-run]").forEach((e) => { e.hidden = false; });
    root.classList.add("rb-live");
  }

  function init() {
    const m = new URLSearchParams(location.search).get("rb-print");
    urlPrint = m === "blank" || m === "filled" ? m : null;
    setPrint(urlPrint);
    run = null;
    const root = D.querySelector("[data-rb-runbook]");
    ready = root ? siteVersion.then((sv) => (root.isConnected ? (run = new Run(root, sv)) : null)) : Promise.resolve(null);
  }
  let ready = Promise.resolve(null);

  const mine = (t) => run && t && t.closest && run.root.contains(t);
  D.addEventListener("change", (e) => {
    const t = e.target, file = t.files && t.files[0];
    if (t.dataset && t.dataset.rbAction === "import") { // may come before the run is up (headless PDF export)
      t.value = "";
      if (file) ready.then((r) => r && r.root.contains(t) && r.importRun(file));
    } else if (mine(t)) run.onInput(t, "change");
  });
  D.addEventListener("input", (e) => { if (mine(e.target) && e.target.type !== "checkbox") run.onInput(e.target, "input"); });
  D.addEventListener("click", (e) => {
    const t = e.target.closest && e.target.closest("button[data-rb-action], button[data-rb-jump], button[data-rb-menu]");
    if (t && mine(t) && t.dataset.rbMenu != null) return menu(t.getAttribute("aria-expanded") !== "true");
    menu(false);
    if (mine(t)) run.action(t);
  });
  function menu(open, focus) {
    const b = run && run.root.querySelector("[data-rb-menu]");
    if (!b) return;
    const list = D.getElementById(b.getAttribute("aria-controls"));
    b.setAttribute("aria-expanded", open);
    list.hidden = !open;
    if (open) list.querySelector("button").focus();
    else if (focus) b.focus();
  }
  D.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && run && run.root.querySelector("[data-rb-menu][aria-expanded=true]")) menu(false, 1);
  });
  addEventListener("storage", (e) => {
    if (!run) return;
    if (e.key === null) run.applyAll();
    else if (e.key.startsWith(run.prefix)) run.onStorage(e.key.slice(run.prefix.length), e.newValue);
  });
  addEventListener("pageshow", (e) => { if (e.persisted && run) run.applyAll(); });

  // Material's instant navigation: document$ emits for each page
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (D.readyState === "loading") D.addEventListener("DOMContentLoaded", init);
  else init();
})();
