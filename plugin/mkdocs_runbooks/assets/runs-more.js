/* mkdocs-runbooks: the run tools runs.js makes on first use: switching runs, New run, Finish run,
 * the run file (Export) and import as a new run. Strings come from runs.js (its T). */
window.rbRunsMore = (c) => {
  "use strict";
  const { api, T, iso, local, el, rid, who, meta, paint, load, save, key } = c, { id, ver, mem } = api, D = document;

  // -- switching: the run on the page is stashed whole; the chosen one is put where runbooks.js reads ----
  function stash() {
    const recs = {};
    mem.forEach((r, k) => { recs[k] = r; });
    save(key(meta().id, "recs"), { version: ver, recs });
    api.lskeys(api.prefix).forEach((k) => api.write(k, null));
    mem.clear();
  }
  function show(r, extra) {
    const blob = load(key(r, "recs")) || { recs: {} }, recs = Object.assign({}, blob.recs, extra || {});
    const { keep, dropped, changed } = api.sortOut(recs);
    Object.keys(keep).sort((a, b) => (b[0] === "@") - (a[0] === "@")).forEach((k) => api.put(k, keep[k]));
    save(key(r, "recs"), null);
    c.openLog(r);
    c.saveIdx((m, x) => { x.active = r; });
    api.applyAll();
    paint();
    return dropped.concat(changed);
  }
  function add(r, recs, entries) {
    stash();
    c.saveIdx((m, x) => { if (!x.runs.some((o) => o && o.id === r.id)) x.runs.push(r); });
    c.setLog(r.id, (entries || []).map((e) => Object.assign(e, { i: c.nid() })));
    return show(r.id, recs);
  }
  function newRun() {
    const r = { id: rid(), name: `${T.unnamed} ${c.idx().runs.length + 1}`, version: ver, started_at: iso(),
      ended_at: null, outcome: null, note: "", operators: [] };
    const op = who(), t = new Date().toISOString(), recs = { "@started": { v: t, t } };
    if (op) { recs["@operator"] = { v: op, t, w: op }; r.operators.push(op); } // the operator stays on
    add(r, recs, op ? [{ at: r.started_at, by: op, key: "@operator", value: op }] : []);
    api.say("runs", "ok", T.newDone(r.name));
  }
  function finish(outcome, note) {
    const at = iso();
    c.append({ at, by: who(), key: "@outcome", value: outcome, note });
    c.saveIdx((m) => Object.assign(m, { outcome, note, ended_at: at }));
    paint();
  }

  // -- Finish run: outcome and note ------------------------------------------------------------------
  const dlg = el("dialog", { class: "rb-finish", "aria-labelledby": "rb-finish-h" });
  const form = el("form", { method: "dialog" }), fs = el("fieldset");
  fs.append(el("legend", {}, T.outcome));
  Object.entries(T.outcomes).forEach(([v, t], i) => {
    const l = el("label"), r = el("input", { type: "radio", name: "rb-outcome", value: v });
    if (!i) r.required = true;
    l.append(r, " " + t);
    fs.append(l);
  });
  const noteL = el("label", {}, T.note), noteIn = el("textarea", { name: "rb-note", rows: "3" });
  noteL.append(noteIn);
  const row = el("p", { class: "rb-notice-actions" });
  row.append(el("button", { class: "rb-btn", value: "cancel", formnovalidate: "" }, T.cancel), el("button", { class: "rb-btn", value: "finish" }, T.finish));
  form.append(el("h2", { id: "rb-finish-h" }, T.finishTitle), fs, noteL, row);
  dlg.append(form);
  dlg.addEventListener("close", () => {
    const o = form.querySelector("input[name=rb-outcome]:checked");
    if (dlg.returnValue === "finish" && o) finish(o.value, noteIn.value);
  });
  (c.bar || api.root).append(dlg);
  function finishDialog() {
    form.reset();
    dlg.returnValue = "";
    // a trigger fired or a procedure step was ticked: the likely outcome is a rollback
    const back = c.log().some((e) => e.key === "@trigger" || (e.value === true && c.procOf.has(e.key)));
    form.querySelector(`input[value="${back ? "rolled back" : "completed"}"]`).checked = true;
    dlg.showModal();
  }

  // -- the file: run@1's keys (runbooks pdf --state reads them) plus the run, who and the log ---------
  function file() {
    const m = meta(), log = c.log(), snap = api.snapshot(api.current(), ver), by = (k) => { const r = api.get(k); return (r && r.w) || ""; };
    Object.keys(snap.items).forEach((k) => { const it = snap.items[k]; it.at = it.at && iso(it.at); it.by = it.at ? by(k) : null; });
    Object.keys(snap.fields).forEach((k) => { const f = snap.fields[k]; f.at = iso(f.at); f.by = by(k); });
    return Object.assign(snap, {
      format: "mkdocs-runbooks/run@2", schema: "schema/run-v2.json", id: m.id, name: m.name, outcome: m.outcome, note: m.note,
      started_at: m.started_at, ended_at: m.ended_at, operator: who(),
      // the run list's, and any handover in the log it lacks (written by a tab this one has not heard yet)
      operators: [...new Set(m.operators.concat(log.filter((e) => e.key === "@operator" && e.value).map((e) => e.value)))],
      updated_at: log.length ? log[log.length - 1].at : snap.updated_at && iso(snap.updated_at), exported_at: iso(),
      log: window.rbLog.plain(log),
    });
  }
  function exportRun() {
    const data = file(), slug = (data.name || "run").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "run";
    api.download(data, `${id}-${slug}-${data.id}.run.json`);
  }
  // import: runbooks.js checked the file; it becomes a new run here and never replaces one
  function importRun(recs, data, fname, not) {
    c.saveIdx(); // the run list as storage holds it now: another tab may have imported the same file
    const taken = new Set(c.idx().runs.map((r) => r.id)), ok = (v) => typeof v === "string" && v.length < 200;
    const r = { id: ok(data.id) && /^[\w.-]+$/.test(data.id) && !taken.has(data.id) ? data.id : rid(),
      name: ok(data.name) && data.name ? data.name : fname.replace(/(\.run)?\.json$/, ""), version: ok(data.version) ? data.version : ver,
      started_at: ok(data.started_at) ? data.started_at : iso(), ended_at: ok(data.ended_at) ? data.ended_at : null,
      outcome: Object.hasOwn(T.outcomes, data.outcome) ? data.outcome : null, note: ok(data.note) ? data.note : "",
      operators: Array.isArray(data.operators) ? data.operators.filter(ok) : (ok(data.operator) && data.operator ? [data.operator] : []) };
    const entries = Array.isArray(data.log) ? data.log.filter((e) => e && typeof e === "object" && ok(e.at) && ok(e.key))
      .map((e) => ({ at: e.at, by: ok(e.by) ? e.by : "", key: e.key, value: typeof e.value === "boolean" ? e.value : String(e.value ?? ""),
        ...(ok(e.note) ? { note: e.note } : {}) })) : [];
    const left = add(r, recs, entries);
    api.say("import", "ok", T.added(r.name, ok(data.operator) ? data.operator : "", ok(data.exported_at) ? local(data.exported_at) : "",
      Object.keys(recs).length), not.concat(left).map((x) => T.notApplied(x)));
  }
  return { switchTo: (r) => { stash(); show(r); }, newRun, finishDialog, exportRun, importRun };
};
