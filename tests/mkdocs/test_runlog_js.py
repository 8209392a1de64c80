"""The run log's merge (assets/runlog.js) as a pure function, run in Node: any interleaving of several tabs'
writes of one run log, with stale memories, amends (typing) and the split into a sealed part and log+,
keeps every entry exactly once, in its newest version, in time order."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# one process for every example: it loads runlog.js as the browser does (window.rbLog) and answers one
# JSON line per line: {"merge": [lists]} -> the merged list; {"ops": [...], "tail": n} -> the end state
DRIVER = r"""
const vm = require("vm"), fs = require("fs"), rl = require("readline");
const win = {};
vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), { window: win });
const L = win.rbLog;
const iso = (ms) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString().replace("Z", "+00:00");
function scenario({ ops, tail, legacy }) {
  const data = new Map(), ls = { getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)), removeItem: (k) => data.delete(k) };
  const base = "rbrun|rb|r1|";
  // a log of an older release: entries without ids, sealed
  if (legacy.length) ls.setItem(base + "log", JSON.stringify(legacy.map((v, j) => ({ at: iso(j), by: "old", key: "k" + v, value: true }))));
  const tabs = {}, tab = (t) => (tabs[t] ||= { S: L.store(ls, base, tail), log: null, seq: 0, own: [] });
  let clock = 1000, unordered = 0;
  const add = (x, t, same) => {
    if (!same) clock++;
    const e = { at: iso(clock), by: t, key: "k" + x.seq, value: t + x.seq, i: t + "." + String(x.seq++).padStart(6, "0") };
    x.own.push(e.i);
    x.log.push(e); // as runs.js does: into the array the store handed out
    x.log = x.S.sync(x.log);
  };
  for (const [op, t, arg] of ops) {
    const x = tab(t);
    // a tab that reloads writes back what storage lacks as it goes (runs.js: pagehide), then reads the log
    if (op === "reload" && x.log) x.S.heard(x.log);
    if (x.log === null || op === "reload") x.log = x.S.load();
    if (op === "add") add(x, t, arg);
    else if (op === "race") {
      // x read storage, then arg's tab wrote, then x wrote: x's writes land over arg's (no lock spans
      // two tabs' read and write)
      const y = tab(arg), before = new Map(data);
      if (y.log === null) y.log = y.S.load();
      add(y, arg, false);
      const after = new Map(data);
      data.clear();
      before.forEach((v, k) => data.set(k, v));
      add(x, t, true);
      const wrote = new Map(data);
      data.clear();
      after.forEach((v, k) => data.set(k, v));
      new Set([...before.keys(), ...wrote.keys()]).forEach((k) => {
        if (wrote.get(k) !== before.get(k)) wrote.has(k) ? data.set(k, wrote.get(k)) : data.delete(k);
      });
    } else if (op === "amend" && x.own.length) {
      // typing: the tab's newest own entry again, later and longer (only the tab that made it amends it)
      const j = x.log.findIndex((e) => e.i === x.own[x.own.length - 1]);
      if (j < 0) continue;
      clock++;
      const e = x.log[j];
      x.log = x.log.slice();
      x.log[j] = Object.assign({}, e, { at: iso(clock), value: e.value + "+", n: (e.n || 0) + 1 });
      x.log = x.S.sync(x.log);
    } else if (op === "hear") x.log = x.S.heard(x.log);
    // after every write or hearing, each tab holds its log in merge order (not only the last merge's)
    Object.values(tabs).forEach((y) => { if (y.log && JSON.stringify(L.merge(y.log)) !== JSON.stringify(y.log)) unordered++; });
  }
  // at the end every tab has heard the others' last writes
  for (let round = 0; round < 2; round++) Object.values(tabs).forEach((x) => { if (x.log) x.log = x.S.heard(x.log); });
  const plus = JSON.parse(data.get(base + "log+") || "[]");
  return { unordered, stored: L.store(ls, base, tail).load(), mem: Object.fromEntries(Object.entries(tabs).map(([t, x]) => [t, x.log])),
    plus: plus.length, sealed: JSON.parse(data.get(base + "log") || "[]").length, plain: L.plain(L.store(ls, base, tail).load()) };
}
// a tab of the release before ids (it amends its typing entry in place, and writes its whole log as log+)
// open beside a tab of this one: the new tab hears each of its writes
function mixed({ values }) {
  const data = new Map(), ls = { getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)), removeItem: (k) => data.delete(k) };
  const base = "rbrun|rb|r1|", S = L.store(ls, base, 64), old = [];
  let log = S.load(), t = 0;
  log.push({ at: iso(t++), by: "Ada", key: "backup", value: true, i: "new.000000" });
  log = S.sync(log);
  for (const v of values) {
    const e = { at: iso(t++), by: "Ada", key: "backup/notes", value: v };
    if (old.length && old[old.length - 1].key === e.key) Object.assign(old[old.length - 1], e); else old.push(e);
    ls.setItem(base + "log+", JSON.stringify(old));
    log = S.heard(log);
  }
  return { mem: log, stored: S.load() };
}
rl.createInterface({ input: process.stdin }).on("line", (line) => {
  const q = JSON.parse(line);
  process.stdout.write(JSON.stringify(q.merge ? L.merge(...q.merge) : q.mixed ? mixed(q.mixed) : scenario(q)) + "\n");
});
"""


@pytest.fixture(scope="module")
def node() -> Iterator[Any]:
    exe = shutil.which("node")
    if not exe:
        pytest.skip("node is not on this machine")
    src = resources.files("mkdocs_runbooks") / "assets" / "runlog.js"
    with resources.as_file(src) as path:
        proc = subprocess.Popen([exe, "-e", DRIVER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

        def ask(q: dict[str, Any]) -> Any:
            assert proc.stdin and proc.stdout
            proc.stdin.write(json.dumps(q) + "\n")
            proc.stdin.flush()
            return json.loads(proc.stdout.readline())

        yield ask
        assert proc.stdin and proc.stdout
        proc.stdin.close()
        proc.wait(timeout=10)
        proc.stdout.close()


TABS = st.sampled_from(["A", "B", "C"])
OPS = st.lists(st.one_of(
    st.tuples(st.just("add"), TABS, st.booleans()),  # True: at the same millisecond as the write before
    st.tuples(st.just("amend"), TABS, st.just(False)),
    st.tuples(st.just("hear"), TABS, st.just(False)),  # the storage event reaches the tab (or never does)
    st.tuples(st.just("reload"), TABS, st.just(False)),
    st.tuples(st.just("race"), TABS, TABS).filter(lambda o: o[1] != o[2]),  # a write lost to a race
), max_size=60)


def expected(ops: list[tuple[str, str, Any]]) -> dict[str, int]:
    """Every entry a tab made, by id: its amend count at the end (a tab amends only its own, and only once
    it has made one; the driver skips an amend of an entry the tab no longer holds, which never happens
    since a tab's memory only grows)."""
    made: dict[str, int] = {}
    seq: dict[str, int] = {}
    last: dict[str, str] = {}
    for op, t, arg in ops:
        for who in ([arg, t] if op == "race" else [t] if op == "add" else []):
            i = f"{who}.{seq.get(who, 0):06d}"
            seq[who] = seq.get(who, 0) + 1
            made[i] = 0
            last[who] = i
        if op == "amend" and t in last:
            made[last[t]] += 1
    return made


@settings(max_examples=150, deadline=None)
@given(ops=OPS, tail=st.integers(1, 8), legacy=st.lists(st.integers(0, 5), max_size=4, unique=True))
def test_any_interleaving_keeps_every_entry_once(node: Any, ops: list[tuple[str, str, Any]], tail: int,
                                                 legacy: list[int]) -> None:
    got = node({"ops": ops, "tail": tail, "legacy": legacy})
    stored = got["stored"]
    made = expected(ops)
    ids = [e.get("i") for e in stored if "i" in e]
    assert sorted(ids) == sorted(made), "an entry was lost or doubled"
    assert {e["i"]: e.get("n", 0) for e in stored if "i" in e} == made, "an amend was lost"
    assert sorted(e["key"] for e in stored if "i" not in e) == sorted(f"k{v}" for v in legacy)  # an old log's too
    assert [e["at"] for e in stored] == sorted(e["at"] for e in stored)  # one offset here: text order is time order
    assert got["plus"] <= tail
    for log in got["mem"].values():  # every tab holds what storage holds
        assert log == stored
    assert got["unordered"] == 0, "a tab held its log out of order between writes"
    assert all(set(e) <= {"at", "by", "key", "value"} for e in got["plain"])


ENTRY = st.builds(lambda t, s, ms, n: {"at": f"2026-01-01T00:00:{ms // 1000:02d}.{ms % 1000:03d}+00:00",
                                        "by": t, "key": "k", "value": s, "i": f"{t}.{s:06d}", "n": n},
                  TABS, st.integers(0, 20), st.integers(0, 5000), st.integers(0, 2))


@settings(max_examples=150, deadline=None)
@given(entries=st.lists(ENTRY, max_size=30), cuts=st.lists(st.integers(0, 30), max_size=4), data=st.data())
def test_merge_is_order_free(node: Any, entries: list[dict[str, Any]], cuts: list[int], data: Any) -> None:
    """Merging any pieces of the entries, in any order, each piece maybe twice, gives one answer: each id
    once, its highest version, oldest first. (Same id with the same n is one version: the same content.)"""
    versions: dict[str, dict[str, Any]] = {}
    for e in entries:
        old = versions.get(e["i"])
        if old is None or e["n"] > old["n"]:
            versions[e["i"]] = e
    entries = [versions[e["i"]] if e["n"] == versions[e["i"]]["n"] else e for e in entries]
    at = sorted({min(c, len(entries)) for c in cuts})
    pieces = [entries[a:b] for a, b in zip([0, *at], [*at, len(entries)], strict=True)]
    shuffled = data.draw(st.permutations(pieces + data.draw(st.lists(st.sampled_from(pieces), max_size=2)) if pieces else []))
    one = node({"merge": [entries]})
    assert node({"merge": shuffled}) == one
    assert [(e["i"], e["n"]) for e in one] == sorted(((i, e["n"]) for i, e in versions.items()),
                                                     key=lambda p: (versions[p[0]]["at"], p[0]))


@settings(max_examples=30, deadline=None)
@given(typed=st.text(alphabet="abc", min_size=1, max_size=6))
def test_a_tab_of_the_release_before_ids_does_not_double_entries(node: Any, typed: str) -> None:
    """A run survives a docs publish, so a tab of the older release may stay open beside a new one. The old
    tab amends its typing entry in place (the entry has no id: it is known by its content); the new tab
    must not keep each version it heard as an entry of its own and write them back."""
    got = node({"mixed": {"values": [typed[: j + 1] for j in range(len(typed))]}})
    for log in (got["mem"], got["stored"]):
        assert [(e["key"], e["value"]) for e in log] == [("backup", True), ("backup/notes", typed)]
