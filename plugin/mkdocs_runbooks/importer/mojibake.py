"""Input normalisation: bytes/BOM/newlines, and repair of UTF-8 read as cp1252.

Checklists copied through Windows tools often carry emoji headings such as
``âœ…`` (the UTF-8 bytes of ✅ shown as cp1252). Only runs of characters that
map back to bytes >= 0x80 *and* form valid UTF-8 sequences are rewritten, so
genuine accented text ("café", "naïve") is left alone.
"""

from __future__ import annotations

import re
import unicodedata

# cp1252's 0x80-0x9F block; other bytes >= 0xA0 are Latin-1 identical.
_CP1252 = {
    "€": 0x80, "‚": 0x82, "ƒ": 0x83, "„": 0x84, "…": 0x85, "†": 0x86, "‡": 0x87,
    "ˆ": 0x88, "‰": 0x89, "Š": 0x8A, "‹": 0x8B, "Œ": 0x8C, "Ž": 0x8E, "‘": 0x91,
    "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97, "˜": 0x98,
    "™": 0x99, "š": 0x9A, "›": 0x9B, "œ": 0x9C, "ž": 0x9E, "Ÿ": 0x9F,
}
# Bytes cp1252 leaves undefined; decoders drop them or keep them as C1 controls.
_UNDEFINED = (0x8F, 0x9D, 0x81, 0x8D, 0x90)  # VS16 and ” first: the usual losses
_RUN = re.compile("[\u0080-\u00ff" + "".join(_CP1252) + "]{2,}")


def _byte(ch: str) -> int:
    return _CP1252.get(ch, ord(ch))


def _seq_len(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _fix_run(run: str) -> str:
    data = [_byte(c) for c in run]
    out: list[str] = []
    i = 0
    while i < len(data):
        n = _seq_len(data[i])
        if n:
            chunk = bytes(data[i : i + n])
            try:
                out.append(chunk.decode("utf-8"))
                i += n
                continue
            except UnicodeDecodeError:
                pass
            # One byte short: the lost byte was probably one cp1252 cannot show
            # (e.g. 0x8F ending U+FE0F in "âš ï¸").
            if len(data) - i >= n - 1:
                head = bytes(data[i : i + n - 1])
                fixed = None
                for b in _UNDEFINED:
                    try:
                        cand = (head + bytes([b])).decode("utf-8")
                    except UnicodeDecodeError:
                        continue
                    if unicodedata.category(cand) not in ("Cf", "Cc", "Cn"):
                        fixed = cand
                        break
                if fixed is not None and n >= 3:
                    out.append(fixed)
                    i += n - 1
                    continue
        out.append(run[i])
        i += 1
    return "".join(out)


def repair_mojibake(text: str) -> tuple[str, list[int]]:
    """Return repaired text and the 1-based line numbers that changed."""
    if text.isascii():
        return text, []
    changed: list[int] = []
    line, pos = 1, 0  # runs come in order: count newlines incrementally, not from 0 each time

    def sub(m: re.Match[str]) -> str:
        nonlocal line, pos
        fixed = _fix_run(m.group(0))
        if fixed != m.group(0):
            line += text.count("\n", pos, m.start())
            pos = m.start()
            changed.append(line)
        return fixed

    return _RUN.sub(sub, text), sorted(set(changed))


def normalize_input(data: str | bytes) -> tuple[str, list[str]]:
    """Decode, drop a BOM, unify newlines. Returns (text, notes for warnings)."""
    notes: list[str] = []
    if isinstance(data, (bytes, bytearray)):
        raw = bytes(data)
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows editors and PowerShell write UTF-16
                text = raw.decode("utf-16")
                notes.append("input is UTF-16; read as such (save Markdown as UTF-8 where you can)")
            else:
                text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            notes.append("input is not valid UTF-8; decoded as cp1252")
    else:
        text = str(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Lone surrogates (from lossy decoders) cannot be written back out as UTF-8.
    if not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")
        text = text.replace("\x00", "\ufffd")
    elif "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    return text, notes
