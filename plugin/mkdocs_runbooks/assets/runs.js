/* mkdocs-runbooks: runs. Several named runs of one runbook in one browser, each with an append-only log
 * of who changed what and when, an outcome, and its own file (*.run.json, format mkdocs-runbooks/run@2).
 * Part of the page tools (tools.js); the core (runbooks.js) queues every change until this is there.
 * See content/running.md.
 * localStorage: rbruns|<runbook id> = {active, runs: [meta]}; rbrun|<runbook id>|<run id>|log = [entry],
 * with its newest entries (at most TAIL) in rbrun|<runbook id>|<run id>|log+, so that a change rewrites
 * a short list, not the whole log (a log saved before log+ existed is read as it is);
 * rbrun|<runbook id>|<run id>|recs = {version, recs} for runs not on the page. Several tabs on one run:
 * no write puts a tab's memory over what another tab saved; the log and the run list are read again
 * and merged on each write (runlog.js), and a tab takes in what another saved. The run on the page keeps
 * its values where runbooks.js keeps them (rb|<id>|<version>|<key>), so saved state of older releases
 * is already "the run on the page" and nothing needs moving to migrate it. */
(() => {
  "use strict";
  // every user-facing string of this file and runs-more.js, from the page's string table (js.runs.*) through
  // runbooks.js's tx: rebuilt per page, as instant navigation may land on a page of another language
  let T = null;
  const strings = (tx) => ({
    run: tx("runs.run"), name: tx("runs.name"), newRun: tx("runs.new"), finish: tx("runs.finish"),
    finishTitle: tx("runs.finish_title"), outcome: tx("runs.outcome"), note: tx("runs.note"), cancel: tx("runs.cancel"),
    unnamed: tx("runs.run"), open: tx("runs.open"),
    outcomes: { completed: tx("runs.completed"), aborted: tx("runs.aborted"), "rolled back": tx("runs.rolled_back") },
    finished: (outcome, time) => tx("runs.finished", { outcome, time }),
    added: (name, op, when, n) => tx("runs.added", { name, operator: op || tx("unnamed_operator"), when: when || tx("unknown_time"), n }, n),
    notApplied: (what) => tx("not_applied", { what }), newDone: (name) => tx("runs.new_done", { name }),
    offline: tx("runs.offline"),
    steps: (done, total) => tx("runs.steps", { done, total }, total), elapsed: (time) => tx("runs.elapsed", { time }),
    of: (took, estimate) => tx("runs.of", { took, estimate }),
    min: (m) => tx("runs.min", { m }, m), hMin: (h, m) => tx("runs.h_min", { h, m }),
  });
  const D = document, H = window.rbHooks, TAIL = 64;
  const parse = (s) => { try { return JSON.parse(s); } catch (e) { return null; } };
  const p2 = (n) => String(n).padStart(2, "0");
  // ISO-8601 with the reader's offset: 2026-11-30T19:02:11.120+01:00
  const iso = (t) => {
    const d = t == null ? new Date() : new Date(t);
    if (isNaN(d)) return null;
    const o = -d.getTimezoneOffset(), a = Math.abs(o);
    return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}T${p2(d.getHours())}:${p2(d.getMinutes())}:` +
      `${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}${o < 0 ? "-" : "+"}${p2(a / 60 | 0)}:${p2(a % 60)}`;
  };
  const local = (t) => { const s = iso(t); return s ? s.slice(0, 10) + " " + s.slice(11, 16) : ""; };
  const el = (tag, attrs, text) => {
    const e = D.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text != null) e.textContent = text;
    return e;
  };
  // minutes as "7 min" or "1 h 05 min"; an estimate's text ("10–15 min", "1–2 h") as its upper bound in minutes
  const dur = (m) => { m = Math.max(0, Math.round(m)); return m >= 60 ? T.hMin(m / 60 | 0, p2(m % 60)) : T.min(m); };
  const estHi = (t) => { const m = /([\d.]+)(?:\s*[–-]\s*([\d.]+))?\s*(min|h)/.exec(t || ""); return m ? parseFloat(m[2] || m[1]) * (m[3] === "h" ? 60 : 1) : null; };
  const rid = () => "r" + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  const L = window.rbLog, none = { getItem: () => null, setItem() {}, removeItem() {} };

  let R = null; // the run layer of the page on screen

  function attach(api) {
    T = strings(api.tx);
    const { id, ver, root, mem } = api, LS = (() => { try { return localStorage; } catch (e) { return null; } })();
    const idxKey = `rbruns|${id}`, pend = `qrb|${id}|`, key = (r, part) => `rbrun|${id}|${r}|${part}`;
    const load = (k) => (LS ? parse(LS.getItem(k)) : null);
    // a write storage refuses (full) gets the core's lasting notice, as a refused tick does: the page goes on
    // from memory, and what is only in memory must not look saved
    const refused = (e) => api.say("store", "error", api.tx("not_saving", { why: e && e.name ? ` (${e.name})` : "" }), null,
      [[api.tx("export"), () => api.runs.exportRun()]], 1);
    const save = (k, v) => { try { if (LS) v == null ? LS.removeItem(k) : LS.setItem(k, JSON.stringify(v)); return true; } catch (e) { refused(e); return false; } };
    // the run on the page (cur), its log (log: as this tab knows it; S: as storage holds it)
    let idx = load(idxKey), log = [], cur = null, S = null;
    // log entry ids: this tab (made fresh on each page) and a count, in the order made
    const tab = rid(), own = new Set();
    let seq = 0;
    const nid = () => tab + "." + (seq++).toString(36).padStart(6, "0");
    // per top-level section: [first, last] change time, kept as the log grows (no pass over the log per tick)
    let span = [];
    const secOf = new Map(), note = (e) => {
      const i = secOf.get(String(e.key).split("/")[0]), t = Date.parse(e.at);
      if (i == null || isNaN(t)) return;
      const s = span[i];
      if (!s) span[i] = [t, t];
      else { if (t < s[0]) s[0] = t; if (t > s[1]) s[1] = t; }
    };
    const who = api.who;
    const meta = () => idx.runs.find((r) => r.id === cur);
    // the run list, changed by f(the run on the page, the list): read again first, as another tab may have
    // added or changed runs since; a run only this tab has stays
    const saveIdx = (f) => {
      const s = load(idxKey);
      if (s && Array.isArray(s.runs) && s.runs.some((r) => r && r.id === cur)) {
        idx = { active: s.active, runs: s.runs.concat(idx.runs.filter((r) => !s.runs.some((o) => o && o.id === r.id))) };
      }
      if (f) f(meta(), idx);
      save(idxKey, idx);
    };
    const logOf = (r) => L.store(LS || none, key(r, ""), TAIL, refused);
    // the log in storage: merged with what storage holds now, never written over it
    const saveLog = () => { log = S.sync(log); };
    const openLog = (r) => { cur = r; S = logOf(r); log = S.load(); };
    const setLog = (r, entries) => logOf(r).reset(entries);

    // -- changes made before the tools were there: this page's (api.queue) and those saved with their change
    // on an earlier load whose tools never came (qrb|<runbook id>|, runbooks.js), in order, each once
    const seen = new Set(), pending = [].concat(load(pend) || [], api.queue.splice(0)).filter((p) => {
      const j = JSON.stringify(p);
      return Array.isArray(p) && typeof p[0] === "string" && p[1] && typeof p[1] === "object" && !seen.has(j) && seen.add(j);
    });
    // -- migration: saved state from before runs (or the first visit) becomes run 1 -------------------
    // (as it was saved before this page's first change: the pending changes are logged after it)
    if (!idx || !Array.isArray(idx.runs) || !idx.runs.some((r) => r.id === idx.active)) {
      // a value saved with a pending change is that change: logged once, as the change
      const was = new Map([...api.saved].filter(([k, rec]) => !pending.some((p) => p[0] === k && rec && p[1].t === rec.t)));
      const st = was.get("@started"), o = was.get("@operator"), op = o && typeof o.v === "string" ? o.v : "";
      const r = { id: (cur = rid()), name: T.unnamed + " 1", version: ver,
        started_at: st ? iso(st.v) : iso(), ended_at: null, outcome: null, note: "", operators: [] };
      if (op) r.operators.push(op);
      // the log starts with what was saved: one entry per value, at its time, by the operator then named
      log = [...was.entries()].filter(([k, rec]) => (k[0] !== "@" || k === "@operator") && rec && rec.t)
        .sort(([, a], [, b]) => (a.t < b.t ? -1 : 1))
        .map(([k, rec]) => ({ at: iso(rec.t), by: rec.w || op, key: k, value: rec.v, migrated: true, i: nid() }));
      idx = { active: r.id, runs: [...(idx && Array.isArray(idx.runs) ? idx.runs : []), r] };
      save(idxKey, idx);
      S = logOf(r.id);
      saveLog();
    } else openLog(idx.active);

    // -- the log: append-only. Typing is one entry: a keystroke that only extends or shortens the
    // text of the entry just before (same field, within 30 s) amends it instead of adding one
    const typing = (last, e) => last && typeof e.value === "string" && typeof last.value === "string" && last.key === e.key &&
      !last.migrated && (e.key === "@operator" || last.by === e.by) && Date.parse(e.at) - Date.parse(last.at) < 30000 &&
      (e.value.startsWith(last.value) || last.value.startsWith(e.value));
    // (only an entry of this tab's: another tab's entries are never changed here)
    const append = (e, amend) => {
      const last = log[log.length - 1];
      if (amend && last && own.has(last.i) && typing(last, e)) log[log.length - 1] = Object.assign({}, last, e, { i: last.i, n: (last.n || 0) + 1 });
      else { e.i = e.i || nid(); own.add(e.i); log.push(e); }
      note(e);
      saveLog();
    };
    // everyone who ran it, in order of handover: the operator names the log holds
    const operators = () => [...new Set(log.filter((e) => e.key === "@operator" && e.value).map((e) => e.value))];
    // a change on the page (rec.w: who, set by the core): a trigger followed is its own entry, never amended.
    // One queued before the tools came (q) may be logged by another tab too: its id is the change's own
    const change = (k, rec, q) => {
      append({ at: iso(rec.t), by: rec.w, key: k, value: rec.v, ...(q ? { i: "q" + rec.t + "|" + k } : {}) }, k !== "@trigger");
      if (k === "@operator") saveIdx((m) => { m.operators = operators(); });
    };
    // what was done before this arrived, in order; already in the log (folded, then the page closed before
    // qrb was cleared): not again
    const inLog = new Set(log.map((e) => e.key + "|" + e.at));
    pending.forEach(([k, rec]) => { if (!inLog.has(k + "|" + iso(rec.t))) change(k, rec, 1); });
    // taken off the queue: what was logged, not what another tab queued since
    const left = [].concat(load(pend) || []).filter((p) => !seen.has(JSON.stringify(p)));
    save(pend, left.length ? left : null);
    api.change = change;
    api.logReset = () => append({ at: iso(), by: who(), key: "@reset", value: "" });

    // -- the rest (switching, New run, Finish, the run file, import as a run) is runs-more.js
    let more = null;
    const tools = () => (more ||= window.rbRunsMore(ctx));
    api.runs = { exportRun: () => tools().exportRun(), importRun: (...a) => tools().importRun(...a),
      action: (a) => (a === "new-run" ? tools().newRun() : tools().finishDialog()) };

    // -- the run bar: picker, name, new, finish; the outcome once finished ----------------------------
    const bar = root.querySelector("[data-rb-run]");
    const box = el("span", { class: "rb-runs" }), pick = el("select", { "data-rb-runs": "", "aria-label": T.run });
    const nameIn = el("input", { type: "text", "data-rb-run-name": "", "aria-label": T.name, autocomplete: "off" });
    const state = el("span", { class: "rb-run-state", "data-rb-run-state": "" });
    const btn = (a, t) => { const b = el("button", { type: "button", class: "rb-btn", "data-rb-action": a }, t); return b; };
    box.append(el("span", { class: "rb-runs-label" }, T.run), pick, nameIn, btn("new-run", T.newRun), btn("finish-run", T.finish), state);
    if (bar) bar.prepend(box);
    pick.addEventListener("change", () => { if (pick.value !== cur) tools().switchTo(pick.value); });
    nameIn.addEventListener("input", () => { saveIdx((m) => { m.name = nameIn.value; }); paintPick(); });
    function paintPick() {
      pick.replaceChildren(...[...idx.runs].reverse().map((r) => {
        const o = el("option", { value: r.id }, `${r.name} · ${local(r.started_at)} · ${r.outcome ? T.outcomes[r.outcome] : T.open}`);
        o.selected = r.id === cur;
        return o;
      }));
    }
    function paint() {
      const m = meta();
      paintPick();
      if (D.activeElement !== nameIn) nameIn.value = m.name;
      state.textContent = m.outcome ? T.finished(T.outcomes[m.outcome], local(m.ended_at)) : "";
      root.dataset.rbRunOutcome = m.outcome || "";
      root.dataset.rbRunId = m.id;
      span = [];
      log.forEach(note);
      tick();
      fill();
    }
    // -- procedures: their steps are part of the run, with their own progress; a trigger's link is logged
    const procOf = new Map(), procs = [...root.querySelectorAll(".rb-procedure")].map((p) => {
      const boxes = [...p.querySelectorAll("input[data-rb-item]")], out = el("span", { class: "rb-proc-progress" });
      boxes.forEach((b) => procOf.set(b.dataset.rbItem, p));
      const meta = p.querySelector(":scope > .rb-section-meta") || p.querySelector("h3, h2");
      if (meta) meta.after(out);
      return { boxes, out };
    });
    // -- time: per top-level section, first change in it to now (or to its last change once complete),
    // against its estimate; for the run, from its start, while it is open
    const secs = [...root.querySelectorAll(".rb-section:not(.rb-procedure)")].filter((s) => !s.parentElement.closest(".rb-section"))
      .map((sec) => {
        const keys = new Set([...sec.querySelectorAll("[data-rb-item], [data-rb-field]")].map((e) => e.dataset.rbItem || e.dataset.rbField.split("/")[0]));
        const meta = sec.querySelector(".rb-section-meta"), out = el("span", { class: "rb-elapsed" });
        const est = meta && meta.querySelector(":scope > .rb-estimate");
        if (meta) meta.append(out);
        return { sec, keys, hi: est ? estHi(est.textContent) : null, est: est ? est.textContent : "", out };
      });
    secs.forEach((s, i) => s.keys.forEach((k) => secOf.set(k, i)));
    const elapsed = el("span", { class: "rb-run-elapsed" });
    state.after(elapsed);
    function tick() {
      const m = meta(), now = Date.now();
      const txt = (e, t) => { if (e.textContent !== t) e.textContent = t; }; // untouched text: no relayout
      procs.forEach((p) => { const d = p.boxes.filter((b) => b.checked).length; txt(p.out, T.steps(d, p.boxes.length)); });
      secs.forEach((s, i) => {
        const at = span[i];
        if (!at) return txt(s.out, "");
        const end = s.sec.classList.contains("rb-complete") || m.outcome ? at[1] : now, took = (end - at[0]) / 60000;
        txt(s.out, s.est ? T.of(dur(took), s.est) : dur(took));
        s.out.classList.toggle("rb-over", s.hi != null && took > s.hi);
      });
      txt(elapsed, m.outcome ? "" : T.elapsed(dur((now - Date.parse(m.started_at)) / 60000)));
    }
    // -- run inputs: where a text or command says %{id}, the run's value, as it is typed ------------
    const REF = /%\{([a-z0-9]+(?:-[a-z0-9]+)*)\}/g, ins = new Map();
    root.querySelectorAll("[data-rb-input]").forEach((f) => ins.set(f.dataset.rbInput, f));
    const spots = ins.size ? [...root.querySelectorAll(".rb-text, .rb-details, pre code, .rb-trigger-text, .rb-map-table td")]
      .filter((e) => e.textContent.includes("%{")).map((e) => [e, e.cloneNode(true)]) : [];
    function fill() {
      spots.forEach(([e, orig]) => {
        e.replaceChildren(...orig.cloneNode(true).childNodes);
        const nodes = [], walk = D.createTreeWalker(e, NodeFilter.SHOW_TEXT);
        let all = "", n;
        while ((n = walk.nextNode())) { nodes.push([n, all.length]); all += n.data; }
        const at = (i) => { let k = nodes.length - 1; while (k > 0 && nodes[k][1] > i) k--; return [nodes[k][0], i - nodes[k][1]]; };
        // last first: earlier offsets stay right; a marker split by highlighting goes in one piece
        [...all.matchAll(REF)].reverse().forEach((m) => {
          const f = ins.get(m[1]);
          if (!f) return;
          const r = D.createRange(), [sn, so] = at(m.index), [en, eo] = at(m.index + m[0].length - 1);
          r.setStart(sn, so);
          r.setEnd(en, eo + 1);
          r.deleteContents();
          r.insertNode(el("span", { class: "rb-input-value" + (f.value ? "" : " rb-input-empty"), "data-rb-input-ref": m[1] }, f.value || m[0]));
        });
      });
    }
    D.addEventListener("input", (e) => { if (R === api && e.target.dataset && e.target.dataset.rbInput) fill(); });
    D.addEventListener("change", () => { if (R === api) tick(); });
    setInterval(() => { if (R === api) tick(); }, 30000);
    paint();
    // another tab switched runs: this page follows (its values are in storage already); it added, named or
    // finished one: shown here. Another tab logged: taken in, and what this tab has that storage lacks
    // (a write of the other tab's that raced this tab's) written back
    addEventListener("storage", (e) => {
      if (R !== api || !e.key) return;
      if (e.key === idxKey) {
        const s = load(idxKey);
        if (!s || !Array.isArray(s.runs) || s.active !== cur || !s.runs.some((r) => r && r.id === cur)) return location.reload();
        const mine = idx.runs.filter((r) => !s.runs.some((o) => o && o.id === r.id));
        idx = s;
        if (mine.length) saveIdx((m, x) => x.runs.push(...mine));
        paint();
      } else if (e.key.startsWith(key(cur, "log"))) {
        log = S.heard(log);
        span = [];
        log.forEach(note);
        tick();
      }
    });
    // a tab that goes (reload, close, another page) before it heard of a write that raced its own: that
    // write may have gone over its entries; they are put back
    addEventListener("pagehide", () => { if (R === api) S.heard(log); });
    R = api;
    // what runs-more.js works with
    const ctx = { api, T, iso, local, el, rid, nid, who, meta, paint, load, save, key, procOf, bar, append, setLog, saveIdx,
      idx: () => idx, log: () => (log = L.merge(log, S.load())), openLog };
  }

  H.onAttach(attach);
  H.exportRun = (api) => api.runs.exportRun();
  H.addRun = (api, ...a) => api.runs.importRun(...a);
  H.runAction = (api, a) => api.runs.action(a);
  H.logReset = (api) => api.logReset();
})();
