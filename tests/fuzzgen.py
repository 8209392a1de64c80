"""Fuzz inputs and the oracle that judges them: shared by tests/test_fuzz.py and bench/fuzz.py.

Two kinds of input, each a small project ``{relative path: text}``:

- **structure-aware**: valid-looking runbooks, templates and fragments generated from the
  format's own declaration (spec.SHAPES), with random keys, types, values, ids, expressions,
  nesting and variant operations;
- **mutation**: a source of the example site with a few random edits (lines dropped, doubled,
  swapped or cut, hostile tokens spliced in).

Draws go through a tiny interface (``Draw``) so Hypothesis can drive the generator (and shrink
what it finds) in the test suite, and a seeded ``random.Random`` can drive it in bench/fuzz.py.

The oracle (``run_case``) runs ``runbooks check`` in-process and the core build
(site.build_site), optionally a real ``mkdocs build``, and returns what went wrong: a crash
(an exception or exit 3 anywhere), or a disagreement (check and build do not both accept or
both refuse).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import random
import re
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

REPO = Path(__file__).resolve().parents[1]

MKDOCS_YML = ("site_name: Fuzz\ndocs_dir: docs\ntheme: {name: material}\nplugins:\n  - runbooks\n"
              "markdown_extensions: [attr_list, md_in_html, pymdownx.highlight, pymdownx.superfences]\n")


class Draw(Protocol):
    def int(self, lo: int, hi: int) -> int: ...
    def choice(self, seq: Sequence[Any]) -> Any: ...
    def bool(self, p: float = 0.5) -> bool: ...


class RandomDraw:
    """Draws from a seeded ``random.Random``."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def int(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def choice(self, seq: Sequence[Any]) -> Any:
        return seq[self.rng.randrange(len(seq))]

    def bool(self, p: float = 0.5) -> bool:
        return self.rng.random() < p


class HypothesisDraw:
    """Draws through Hypothesis's ``data.draw``, so failures shrink."""

    def __init__(self, data: Any) -> None:
        from hypothesis import strategies as st

        self.data, self.st = data, st

    def int(self, lo: int, hi: int) -> int:
        return int(self.data.draw(self.st.integers(lo, hi)))

    def choice(self, seq: Sequence[Any]) -> Any:
        return seq[self.int(0, len(seq) - 1)]

    def bool(self, p: float = 0.5) -> bool:
        # shrinks towards False; p is honoured only roughly (Hypothesis picks its own distribution)
        return self.int(0, 99) < int(p * 100)


# -- pools -------------------------------------------------------------------------------------
IDS = ["a", "b", "c", "deploy", "db-backup", "smoke", "undo", "rollback-db", "s1", "x-2"]
WEIRD_IDS: list[Any] = [
    "Bad Id", "a\nb", "a\u2028b", "\u202eabc", "", "a" * 300, 123, True, None, "rollback-map", "ünï", "a--b", "-a",
    "sign-off", "a#b", [1], {"x": 1}, "0x_", 1.5, "9" * 400,
]
WORDS = ["Check", "the", "database", "backup", "Deploy", "to", "green", "Verify", "error rate", "**bold**",
         "`code`", "[link](#a)", "<b>html</b>", "&amp;", "${VAR}", "50%", "NO", "yes", "1.10", "~", "#", "|",
         "\u2028", "\u202e", "émoji 🎉", "<!-- c -->", "{#", "#}", "\\", "'", '"', "{", "}", "::: note", "---"]
EXPRESSIONS = [
    "{{ project }}", "{{ project | lower }}", "{{ undefined_var }}", "{{ project | upper | trim }}",
    "{% if database == 'postgres' %}pg{% else %}other{% endif %}", "{{ 1/0 }}", "{{ 1 // 0 }}", "{{ 2.0**10000 }}",
    "{{ 'a' * 3000000000 }}", "{{ [1]*100000000 }}", "{{ lipsum(n=1000000) }}", "{{ range(99999999) }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "{{ {'a': 1} | dictsort(by='x') }}",
    "{{ project | truncate(-1) }}", "{{ project | map('x') }}", "{{ project.center(999999999) }}", "{{", "}}",
    "{{ }}", "{% raw %}{{ x }}{% endraw %}", "{% for i in range(10) %}x{% endfor %}", "{{ project ~ database }}",
    "{{ " + "(" * 60 + "1" + ")" * 60 + " }}", "{{ " + "9" * 5000 + " }}", "{{ project | replace('', project) }}",
    "{{ replicas > 'a' }}", "{% set x = 1 %}", "{{ self }}", "{{ project[0] }}", "{{ 1e400 }}",
]
CONDITIONS = [
    'database == "postgres"', "database == 'mongodb'", "replicas > 1", 'queue = "sqs"', "1/0", "range(99999999)",
    "'a' * 999999999", "undefined_var", "project", "not project", "true", "false", "", "(", "database in ['a', 'b']",
    "replicas < 'x'", "lipsum(n=1000000)", "project | length > 3", "x }} {{ y",
]
ESTIMATES = ["10-15 min", "1-2 hours", "30s", "5 min", "abc", "-5 min", "99999999999999 h", "1-", "0 min", "2h 30m"]
DATES = ["2025-01-21", "2025-13-45", "tomorrow", "2099-12-31", "1.10", "", "2025-02-29"]
VERSIONS = ["1.0.0", "2.0", "1.10", "0x_", "0o_", "v3", "", "9" * 5000]
LANGS = ["bash", "sql", "python", "c++", 'bash"', "a b", "", "<script>", "x" * 50]
VAR_VALUES: list[Any] = ["Acme", "postgres", "mongodb", "NO", "yes", 3, 0, -1, 2.5, True, None, "", "x" * 1000,
                         "{{ project }}", "<b>", "9" * 4301]
ROLES = ["Engineering Manager", "QA Lead", "QA lead", "QA-Lead", "On-call", "Ünïcode", ""]
OPS = ["remove", "replace", "insert", "patch"]


def _scalar(d: Draw) -> Any:
    return d.choice([d.choice(WORDS), d.int(-5, 5), d.choice(VAR_VALUES), True, False, None, 1.5, [], {},
                     d.choice(DATES), "9" * 4400, [d.choice(WORDS)], {"k": d.choice(WORDS)}])


def _text(d: Draw) -> str:
    parts = [d.choice(WORDS) for _ in range(d.int(1, 4))]
    if d.bool(0.35):
        parts.insert(d.int(0, len(parts)), d.choice(EXPRESSIONS))
    return " ".join(parts)


def _ident(d: Draw) -> Any:
    return d.choice(WEIRD_IDS) if d.bool(0.08) else d.choice(IDS) + ("" if d.bool(0.6) else f"-{d.int(0, 30)}")


class Generator:
    """Builds one project from draws: spec-driven, so new keys are fuzzed as soon as they are declared."""

    def __init__(self, d: Draw) -> None:
        from mkdocs_runbooks.format.spec import SHAPES

        self.d = d
        self.shapes = SHAPES
        self.depth = 0
        self.max_depth = d.choice([2, 3, 4, 110]) if d.bool(0.05) else d.int(1, 3)

    def value(self, shape: str, key: str, k: Any) -> Any:
        d = self.d
        if d.bool(0.06):  # a value of the wrong type
            return _scalar(d)
        t = k.type
        if key == "when":
            return d.choice(CONDITIONS)
        if key == "estimate":
            return d.choice(ESTIMATES)
        if key in ("last_updated", "next_review", "target_date"):
            return d.choice(DATES)
        if key == "version":
            return d.choice(VERSIONS)
        if t == "id":
            return _ident(d)
        if t in ("text", "markdown"):
            return _text(d)
        if t == "ref":
            return d.choice(IDS + ["other#undo", "none", "#", "a#b#c", "production-deploy", "base-deploy"])
        if t == "bool":
            return d.bool()
        if t == "enum":
            return d.choice(list(k.enum) + ["bogus"])
        if t == "strlist":
            pool = list(k.enum) if k.enum else ROLES + WORDS[:5]
            return [d.choice(pool) for _ in range(d.int(0, 4))]
        if t == "command":
            if d.bool(0.3):
                return {"lang": d.choice(LANGS), "code": _text(d)}
            return d.choice(["make deploy", "kubectl rollout status deploy/{{ project }}", "echo ```", _text(d)])
        if t == "vars":
            return {name: d.choice(VAR_VALUES) for name in ("project", "database", "replicas", "queue")
                    if d.bool(0.6)}
        if t == "list" and k.shape:
            return self.elements(k.shape)
        if t == "shape" and k.shape:
            return self.mapping(k.shape)
        if t == "raw":
            return None  # variant operations are drawn in variant()
        return _scalar(d)

    def mapping(self, shape: str) -> dict[str, Any]:
        d = self.d
        out: dict[str, Any] = {}
        for key, k in self.shapes.get(shape, {}).items():
            if k.type == "raw":
                continue
            if (k.required and d.bool(0.95)) or d.bool(0.3):
                if key in ("sections", "items", "steps") and self.depth >= self.max_depth:
                    continue
                self.depth += key in ("sections", "items", "steps")
                value = self.value(shape, key, k)
                self.depth -= key in ("sections", "items", "steps")
                if value is not None or d.bool(0.1):
                    out[key] = value
        if d.bool(0.05):
            out[d.choice(["comand", "titel", "x", "Items", "whn", "include"])] = _scalar(d)
        return out

    def elements(self, shape: str) -> list[Any]:
        d = self.d
        n = d.int(0, 3) if self.max_depth < 100 else 1
        out: list[Any] = [self.mapping(shape) for _ in range(n)]
        if d.bool(0.1):
            out.append({"include": d.choice(["redis-checks", "frag", "nope", "base-deploy"])})
        return out

    def runbook(self, ident: str, extends: str | None) -> dict[str, Any]:
        rb = self.mapping("runbook")
        rb["id"] = ident if self.d.bool(0.97) else _ident(self.d)
        if extends:
            rb["extends"] = extends
            rb.pop("title", None) if self.d.bool(0.5) else None
            self.variant(rb)
        return rb

    def variant(self, rb: dict[str, Any]) -> None:
        d = self.d
        for op in OPS:
            if not d.bool(0.35):
                continue
            target = d.choice(IDS)
            if op == "remove":
                rb[op] = [d.choice(IDS) for _ in range(d.int(0, 3))]
            elif op == "replace":
                rb[op] = {target: self.mapping(d.choice(["item", "section", "procedure"]))}
            elif op == "insert":
                where = d.choice(["before", "after", "start", "end", "bogus"])
                rb[op] = [{where: target, d.choice(["items", "sections", "steps"]): self.elements("item")}]
            else:
                rb[op] = {target: {d.choice(["text", "command", "fields", "title", "kind", "x"]): _scalar(d)
                                   if d.bool(0.3) else d.choice(WORDS)}}
            if d.bool(0.05):
                rb[op] = _scalar(d)

    def template(self, ident: str) -> dict[str, Any]:
        d = self.d
        t = self.mapping("runbook")
        t["id"] = ident
        t.pop("extends", None)
        t["vars"] = {"project": {"type": "string", "required": d.bool()},
                     "database": {"type": d.choice(["string", "number", "bogus"]), "default": d.choice(VAR_VALUES)},
                     "replicas": {"type": "number", "default": d.choice([2, "two", None])}}
        if d.bool(0.2):
            t["vars"]["secret_token"] = {"type": "string", "secret": True, "default": "s3cr3t"}
        return t

    def fragment(self, ident: str) -> dict[str, Any]:
        return {"id": ident, "fragment": True, "title": "Fragment", "items": self.elements("item")}

    def project(self) -> dict[str, str]:
        d = self.d
        files = {"mkdocs.yml": MKDOCS_YML, "docs/index.md": "# Home\n"}
        tids = []
        if d.bool(0.5):
            tids.append("base")
            files["templates/base.yml"] = to_yaml(self.template("base"))
            if d.bool(0.4):
                files["templates/fragments/frag.yml"] = to_yaml(self.fragment("frag"))
        for n in range(d.int(1, 3)):
            rb = self.runbook(f"rb-{n}", d.choice(tids + [None, "nope"]) if tids or d.bool(0.1) else None)
            files[f"docs/rb{n}.runbook.yml"] = to_yaml(rb)
        return files


# -- YAML out: block style, plain scalars where YAML would read them (on purpose: NO, 1.10, dates) ----
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9 _.,/()-]*[A-Za-z0-9_.)]|[A-Za-z0-9_]")


def _scalar_yaml(v: Any) -> str:
    if v is None:
        return "null"
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    s = str(v)
    if _PLAIN.fullmatch(s) and s not in ("null", "true", "false"):
        return s
    return json.dumps(s, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") \
        .replace("\x85", "\\x85").replace("\ufeff", "\\ufeff")


def to_yaml(v: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(v, dict):
        if not v:
            return "{}\n" if indent == 0 else "{}"
        lines = []
        for key, val in v.items():
            k = _scalar_yaml(key)
            if isinstance(val, (dict, list)) and val:
                lines.append(f"{pad}{k}:\n{to_yaml(val, indent + 2)}")
            else:
                lines.append(f"{pad}{k}: {to_yaml(val, indent + 2) if isinstance(val, (dict, list)) else _scalar_yaml(val)}")
        return "\n".join(lines) + ("\n" if indent == 0 else "")
    if isinstance(v, list):
        if not v:
            return "[]"
        lines = []
        for val in v:
            if isinstance(val, dict) and val:
                body = to_yaml(val, indent + 2)
                lines.append(f"{pad}- {body[indent + 2:]}")
            elif isinstance(val, list) and val:
                lines.append(f"{pad}-\n{to_yaml(val, indent + 2)}")
            else:
                lines.append(f"{pad}- {to_yaml(val) if isinstance(val, (dict, list)) else _scalar_yaml(val)}")
        return "\n".join(lines)
    return _scalar_yaml(v)


# -- mutation of the example sources -------------------------------------------------------------
TOKENS = [
    "{{ 1/0 }}", "{{ lipsum(n=1000000) }}", "{{ 'a' * 3000000000 }}", "{{ project", "}}", "{%", ": ", "- ", "[", "]",
    "{", "}", '"', "'", "!!int ", "!!python/object ", "&a ", "*a", "<<: *a", "\t", "\u2028", "\u202e", "\x00", "0x_",
    "0o_", "9" * 4400, "~", "null", "when: x = 1", "extends: production-deploy", "include: redis-checks",
    "id: rollback-map", "rollback: nope", "lang: 'bash\"'", "? ", "%YAML 1.1\n---\n", "---\n", "...\n", "#", "|",
    ">", "&", "@", "`", "\ufeff", "é", "\\", "\r", "- include: nope", "kind: bogus", "type: choice", "checked: maybe",
]


def example_sources() -> list[tuple[str, str]]:
    """(project path, text) of every source of the example site, runbooks and templates."""
    out = [(f"docs/{p.relative_to(REPO / 'content').as_posix()}", p.read_text(encoding="utf-8"))
           for p in sorted((REPO / "content").rglob("*.runbook.yml"))]
    out += [(p.relative_to(REPO).as_posix(), p.read_text(encoding="utf-8"))
            for p in sorted((REPO / "templates").rglob("*.yml"))]
    return out


def mutate(text: str, d: Draw) -> str:
    lines = text.split("\n")
    for _ in range(d.int(1, 4)):
        if not lines:
            lines = [""]
        n = d.int(0, len(lines) - 1)
        op = d.int(0, 7)
        if op == 0:
            del lines[n]
        elif op == 1:
            lines.insert(n, lines[n])
        elif op == 2:
            m = d.int(0, len(lines) - 1)
            lines[n], lines[m] = lines[m], lines[n]
        elif op == 3:
            col = d.int(0, len(lines[n]))
            lines[n] = lines[n][:col] + d.choice(TOKENS) + lines[n][col:]
        elif op == 4:
            lines[n] = lines[n][: d.int(0, len(lines[n]))]
        elif op == 5:
            lines[n] = " " * d.int(0, 3) + lines[n]
        elif op == 6:
            lines = lines[: d.int(0, len(lines))]
        else:
            value = ": " + str(d.choice(WEIRD_IDS + VAR_VALUES + [d.choice(TOKENS)]))
            lines[n] = re.sub(r":\s.*$", lambda _: value, lines[n], count=1)  # a function: no escapes read
    return "\n".join(lines)


def mutated_project(d: Draw, sources: list[tuple[str, str]] | None = None) -> dict[str, str]:
    """A project of one example runbook and every template, one of them mutated."""
    sources = sources or example_sources()
    runbooks = [s for s in sources if s[0].startswith("docs/")]
    templates = [s for s in sources if s[0].startswith("templates/")]
    files = {"mkdocs.yml": MKDOCS_YML, "docs/index.md": "# Home\n"}
    path, text = d.choice(runbooks)
    files[path] = text
    files.update(dict(templates))
    victim = path if d.bool(0.7) else d.choice(templates)[0]
    files[victim] = mutate(files[victim], d)
    return files


# -- the oracle --------------------------------------------------------------------------------
@dataclass
class Outcome:
    kind: str  # "ok", "crash", "disagree"
    detail: str = ""
    signature: str = ""  # what minimisation must keep: the kind and where it happened

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


def write_project(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")


def _where(e: BaseException) -> str:
    frames = traceback.extract_tb(e.__traceback__)
    ours = [f for f in frames if "mkdocs_runbooks" in f.filename] or frames
    last = ours[-1] if ours else None
    return f"{type(e).__name__} at {Path(last.filename).name}:{last.lineno}" if last else type(e).__name__


def _crash(stage: str, e: BaseException) -> Outcome:
    detail = "".join(traceback.format_exception(type(e), e, e.__traceback__))
    return Outcome("crash", f"{stage}: {detail}", f"crash {stage} {_where(e)}")


def run_case(root: Path, files: dict[str, str], real_build: bool = False) -> Outcome:
    """Write ``files`` under ``root`` and judge them; never raises."""
    from mkdocs_runbooks.cli.main import main
    from mkdocs_runbooks.project.build import build_site

    write_project(root, files)
    cwd = os.getcwd()
    os.environ["RUNBOOKS_DEBUG"] = "1"  # so a bug raises here with its traceback instead of "exit 3"
    try:
        os.chdir(root)
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                rc = main(["check", "--base", ""])
        except Exception as e:
            return _crash("check", e)
        if rc not in (0, 1):
            return Outcome("crash", f"check exit {rc}: {err.getvalue()[-2000:]}", f"crash check exit {rc}")
        if "Traceback" in out.getvalue() + err.getvalue():
            return Outcome("crash", "check printed a traceback", "crash check traceback")
        for rel in [r for r in files if r.endswith(".runbook.yml")][:1]:  # export one: the JSON and Markdown paths
            if rel.endswith(".runbook.yml"):
                for fmt in ("json", "markdown"):
                    try:
                        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                            xrc = main(["export", rel, "--format", fmt])
                    except Exception as e:
                        return _crash(f"export-{fmt}", e)
                    if xrc not in (0, 1):
                        return Outcome("crash", f"export exit {xrc}", f"crash export exit {xrc}")
        try:
            build = build_site(docs_dir=root / "docs", templates_dir=root / "templates", root=root, changes=False)
        except Exception as e:
            return _crash("build_site", e)
        core_ok = not build.errors
        if core_ok != (rc == 0):
            return Outcome("disagree", f"check exit {rc} but the core build {'passed' if core_ok else 'failed'}:\n"
                           f"{out.getvalue()[-2000:]}\n{[d.format() for d in build.errors][:5]}",
                           f"disagree check={rc} core={core_ok}")
        if real_build:
            return _mkdocs(root, rc == 0)
        return Outcome("ok")
    finally:
        os.chdir(cwd)
        os.environ.pop("RUNBOOKS_DEBUG", None)


def _mkdocs(root: Path, check_ok: bool) -> Outcome:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError

    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Keep(level=logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    built = False
    try:
        config = load_config(str(root / "mkdocs.yml"))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
            built = True
        except (Abort, PluginError):
            built = False
        except Exception as e:
            return _crash("mkdocs build", e)
        finally:
            config.plugins.on_shutdown()
    except Exception as e:
        return _crash("mkdocs config", e)
    finally:
        logger.removeHandler(handler)
    if any("Traceback" in r for r in records):
        return Outcome("crash", "mkdocs build logged a traceback:\n" + "\n".join(records[-5:]), "crash mkdocs traceback")
    if built != check_ok:
        return Outcome("disagree", f"check {'passed' if check_ok else 'failed'} but mkdocs build "
                       f"{'passed' if built else 'failed'}:\n" + "\n".join(records[-5:]),
                       f"disagree check={check_ok} mkdocs={built}")
    return Outcome("ok")


def minimise(files: dict[str, str], still_fails: Callable[[dict[str, str]], bool], budget: int = 150) -> dict[str, str]:
    """Smaller files that still fail the same way: drop files, then chunks of lines (ddmin-like)."""
    best = dict(files)
    tries = 0
    for rel in sorted(best):
        if rel in ("mkdocs.yml",) or tries >= budget:
            continue
        trial = {k: v for k, v in best.items() if k != rel}
        tries += 1
        if still_fails(trial):
            best = trial
    for rel in sorted(best):
        if rel == "mkdocs.yml":
            continue
        lines = best[rel].split("\n")
        chunk = max(1, len(lines) // 2)
        while chunk >= 1 and tries < budget:
            i, changed = 0, False
            while i < len(lines) and tries < budget:
                trial_lines = lines[:i] + lines[i + chunk:]
                tries += 1
                if trial_lines != lines and still_fails({**best, rel: "\n".join(trial_lines)}):
                    lines, changed = trial_lines, True
                else:
                    i += chunk
            best = {**best, rel: "\n".join(lines)}
            if not changed:
                chunk //= 2
    return best
