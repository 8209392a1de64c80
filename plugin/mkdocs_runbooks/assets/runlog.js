/* mkdocs-runbooks: the run log as several tabs keep it. Part of the page tools, before runs.js (which
 * uses it); no DOM, so tests run it in Node too (tests/mkdocs/test_runlog_js.py).
 * Two tabs on one run each hold the log in memory and both write it. A write never puts a tab's memory
 * over storage: it reads what storage holds now, merges (merge), and writes that; a tab takes in what
 * another tab wrote (runs.js, on the storage event) and writes back what storage lacks.
 * An entry's identity is its id (i: the tab that made it and a count, given when it is made; the same
 * change queued before the tools came gets the same id in any tab: runs.js); an entry saved by an older
 * release has none and is known by its content. Typing amends the tab's own last entry: n counts the
 * amends, and the higher n is the newer version. Neither i nor n goes into a run file.
 * In storage (base = rbrun|<runbook id>|<run id>|): base+"log" is the sealed part, base+"log+" the entries
 * the sealed part lacks (or holds in an older version), at most `tail` of them: a change rewrites that
 * short list, not the whole log. */
window.rbLog = (() => {
  "use strict";
  const id = (e) => e.i || "~" + JSON.stringify([e.at, e.key, e.by, e.value]);
  const time = (e) => Date.parse(e.at) || 0;
  const list = (v) => (Array.isArray(v) ? v.filter((e) => e && typeof e === "object") : []);
  // every entry of the lists once, in its newest version, oldest first (same time: by id, so any tab
  // orders them alike; a tab's own ids sort in the order it made them)
  // (an entry's time and id, worked out once per entry object: a tab merges its whole log on each change)
  const seen = new WeakMap(), of = (e) => { let x = seen.get(e); if (!x) seen.set(e, (x = [time(e), id(e), e])); return x; };
  const merge = (...lists) => {
    const m = new Map();
    lists.forEach((l) => list(l).forEach((e) => {
      const x = of(e), o = m.get(x[1]);
      if (!o || (e.n || 0) > (o[2].n || 0)) m.set(x[1], x);
    }));
    return [...m.values()].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map((x) => x[2]);
  };
  // ls: localStorage or anything with getItem/setItem/removeItem. A store per run log, which remembers
  // the sealed part it last parsed (a long log is not parsed again on each change), and whether the log it
  // last handed out already holds that sealed part (then a change merges only the short lists).
  // refused(error) is told of every write storage refuses (full): the entries are then only in memory
  const store = (ls, base, tail, refused) => {
    let raw = null, sealed = [], ver = new Map(), had = null;
    const get = (k) => { try { return JSON.parse(ls.getItem(base + k)); } catch (e) { return null; } };
    const put = (k, v) => {
      try { v == null ? ls.removeItem(base + k) : ls.setItem(base + k, v); return true; } catch (e) { if (refused) refused(e); return false; }
    };
    const seal = (r, l) => { raw = r; sealed = l; ver = new Map(l.map((e) => [id(e), e.n || 0])); };
    const part = () => {
      const r = ls.getItem(base + "log");
      if (r !== raw) { let l = []; try { l = list(JSON.parse(r)); } catch (e) { /* unreadable: none */ } seal(r, merge(l)); }
      return sealed;
    };
    // the log as storage holds it now
    const load = () => { const all = merge(part(), get("log+")); had = raw; return all; };
    // mine (a log this store handed out, with changes) merged with storage, written; the merged log,
    // which the tab holds from now on
    const sync = (mine) => {
      const a = part(), plus = list(get("log+")), newer = (e) => ver.get(id(e)) !== (e.n || 0);
      // an entry without an id was written by an older release, which amends its entries in place: one
      // storage no longer holds was amended (or reset) there, and is not put back as an entry of its own
      const stored = new Set(plus.map(id));
      mine = mine.filter((e) => e.i || ver.has(id(e)) || stored.has(id(e)));
      let all, rest;
      if (raw === had) {
        // mine holds the sealed part: what differs from it is merged, and goes after it when it is newer
        rest = merge(mine.filter(newer), plus).filter(newer);
        const ids = new Set(rest.map(id)), last = a.length ? of(a[a.length - 1])[0] : -Infinity;
        all = !rest.length || of(rest[0])[0] > last ? a.filter((e) => !ids.has(id(e))).concat(rest) : merge(a, rest);
      } else {
        all = merge(mine, a, plus);
        rest = all.filter(newer);
      }
      if (rest.length <= tail) put("log+", JSON.stringify(rest));
      else { const r = JSON.stringify(all); if (put("log", r)) { seal(r, all.slice()); put("log+", null); } }
      had = raw;
      return all;
    };
    // another tab wrote: storage merged into mine; written back when mine has what storage lacks
    const heard = (mine) => {
      const now = load(), held = new Set(now.map(id)), all = merge(mine.filter((e) => e.i || held.has(id(e))), now);
      return all.length === now.length && all.every((e, j) => id(e) === id(now[j]) && (e.n || 0) === (now[j].n || 0)) ? all : sync(all);
    };
    // a new run's log, whole
    const reset = (entries) => { put("log+", null); put("log", JSON.stringify(entries)); };
    return { load, sync, heard, reset };
  };
  // the log as a run file holds it: without the tabs' ids and amend counts
  const plain = (log) => log.map((e) => { const o = Object.assign({}, e); delete o.i; delete o.n; return o; });
  return { id, merge, store, plain };
})();
