/* mkdocs-runbooks: the run log as several tabs keep it. Part of the page tools, before runs.js (which
 * uses it); no DOM, so tests run it in Node too (tests/runs/test_runlog_merge.py).
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
  const merge = (...lists) => {
    const m = new Map();
    lists.forEach((l) => list(l).forEach((e) => {
      const k = id(e), o = m.get(k);
      if (!o || (e.n || 0) > (o.n || 0)) m.set(k, e);
    }));
    return [...m.values()].sort((a, b) => time(a) - time(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
  };
  // ls: localStorage or anything with getItem/setItem/removeItem. A store per run log, which remembers
  // the sealed part it last parsed (a long log is not parsed again on each change)
  const store = (ls, base, tail) => {
    let raw = null, sealed = [], ver = new Map();
    const get = (k) => { try { return JSON.parse(ls.getItem(base + k)); } catch (e) { return null; } };
    const put = (k, v) => { try { v == null ? ls.removeItem(base + k) : ls.setItem(base + k, JSON.stringify(v)); return true; } catch (e) { return false; } };
    const part = () => {
      const r = ls.getItem(base + "log");
      if (r !== raw) {
        raw = r;
        try { sealed = list(JSON.parse(r)); } catch (e) { sealed = []; }
        ver = new Map(sealed.map((e) => [id(e), e.n || 0]));
      }
      return sealed;
    };
    // the log as storage holds it now
    const load = () => merge(part(), get("log+"));
    // mine merged with storage, written; the merged log (what the tab holds from now on)
    const sync = (mine) => {
      const all = merge(mine, part(), get("log+")), rest = all.filter((e) => ver.get(id(e)) !== (e.n || 0));
      if (rest.length <= tail) put("log+", rest);
      else if (put("log", all)) put("log+", null);
      return all;
    };
    // another tab wrote: storage merged into mine; written back when mine has what storage lacks
    const heard = (mine) => {
      const now = load(), all = merge(mine, now);
      return all.length === now.length && all.every((e, j) => id(e) === id(now[j]) && (e.n || 0) === (now[j].n || 0)) ? all : sync(all);
    };
    // a new run's log, whole
    const reset = (entries) => { put("log+", null); put("log", entries); };
    return { load, sync, heard, reset };
  };
  // the log as a run file holds it: without the tabs' ids and amend counts
  const plain = (log) => log.map((e) => { const o = Object.assign({}, e); delete o.i; delete o.n; return o; });
  return { id, merge, store, plain };
})();
