"""Pause the cyclic garbage collector while the pipeline allocates a model.

Compiling allocates many small objects (YAML nodes, items, strings), and
nearly all of them live until the page is written. The collector would walk
them over and over, to free nothing: the model is a tree, and reference
counting frees it as usual. In a process as big as MkDocs each full
collection also walks MkDocs' own objects, so the pause saves more there
than in bench/bench_compile.py (~5% of its instructions).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with the collector off; nested calls leave it to the outermost."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return wrapper
