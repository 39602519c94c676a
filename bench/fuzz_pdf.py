"""A seeded mutation harness: damaged copies of corpus PDFs through `rencana extract`, each outcome
put in a class. `make fuzz-pdf N=300`, or `python bench/fuzz_pdf.py --count 300 --seed 18`.

A share of the mutants (--ocr-share, 0.2) are damaged copies of two pages of the scanned decree
(corpus/scans), run with `--ocr auto`: the damaged-scan path (pdfium decoding a broken JPEG,
Tesseract on what comes out) is exercised as well as the text layer. The others run with --ocr
(never: a text PDF's page with a garbled content stream would otherwise go to OCR).

Mutations: byte flips, truncations (with or without a new %%EOF), stream edits (garbled data,
a wrong /Length, a second /FlateDecode, a filter swapped for LZW), cut and repeated chunks.

Classes: ``result`` (exit 0, nothing on stderr), ``reject`` (exit 2 and exactly one line
``FILE: reason``), and the failures ``hang`` (no end within --hang-seconds), ``memory`` (the
run's peak RSS above --memory-ceiling, or killed by SIGKILL), ``crash`` (another exit code, a
signal, a traceback) and ``noise`` (anything else on stderr). Exits 1 when any failure class is
non-empty; failing mutants are kept in --keep for a rerun.

Each mutant runs the CLI in a forked copy of this process (the pipeline is imported once), with
its own stdout and stderr files, so what a user's terminal would show is what is judged.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple, Optional

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "corpus" / "layouts").glob("*.pdf")) + [
    ROOT / "corpus" / "kpu-kab-demak-2023-grid.pdf",
    ROOT / "corpus" / "kpu-kab-jepara-2022.pdf",
]
SCAN = ROOT / "corpus" / "scans" / "kpu-kab-jepara-2022-scan.pdf"
# The decree's opening page and a table page: OCR of both kinds, ~4 s a page (all 12: a minute).
SCAN_PAGES = (1, 6)
FAILURES = ("hang", "memory", "crash", "noise")
CLASSES = ("result", "reject", *FAILURES)
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


# --- mutations ------------------------------------------------------------------------------------
def flip_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    out = bytearray(data)
    count = rng.choice((1, 2, 5, 20, 100))
    for _ in range(count):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out), f"flip {count} bytes"


def truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    cut = rng.randrange(16, len(data))
    if rng.random() < 0.5:
        return data[:cut] + b"\n%%EOF\n", f"truncate at {cut}, new %%EOF"
    return data[:cut], f"truncate at {cut}"


def edit_stream(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    streams = list(_STREAM.finditer(data))
    if not streams:
        return flip_bytes(data, rng)
    match = rng.choice(streams)
    start, end = match.span(1)
    head = data[max(0, match.start() - 300) : match.start()]
    edit = rng.choice(("garble", "zero", "length", "double-flate", "lzw", "shorten"))
    body = data[start:end]
    if edit == "garble" and body:
        middle = bytearray(body)
        for _ in range(max(1, len(body) // 50)):
            middle[rng.randrange(len(middle))] = rng.randrange(256)
        return data[:start] + bytes(middle) + data[end:], "stream garbled"
    if edit == "zero":
        return data[:start] + bytes(len(body)) + data[end:], "stream zeroed"
    if edit == "shorten":
        return data[:start] + body[: len(body) // 2] + data[end:], "stream cut in half"
    at = match.start() - len(head)
    if edit == "length" and b"/Length" in head:
        new_head = re.sub(rb"/Length \d+", b"/Length %d" % rng.randrange(0, 10**7), head, count=1)
        return data[:at] + new_head + data[match.start() :], "wrong /Length"
    if edit == "double-flate" and b"/FlateDecode" in head:
        new_head = head.replace(b"/FlateDecode", b"[/FlateDecode /FlateDecode]", 1)
        return data[:at] + new_head + data[match.start() :], "second /FlateDecode"
    if edit == "lzw" and b"/FlateDecode" in head:
        new_head = head.replace(b"/FlateDecode", b"/LZWDecode", 1)
        return data[:at] + new_head + data[match.start() :], "Flate read as LZW"
    return flip_bytes(data, rng)


def cut_or_repeat(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start = rng.randrange(len(data))
    length = rng.randrange(1, min(4096, len(data) - start) + 1)
    if rng.random() < 0.5:
        return data[:start] + data[start + length :], f"cut {length} bytes at {start}"
    return data[:start] + data[start : start + length] * 3 + data[start:], f"repeat {length} bytes"


MUTATIONS = (flip_bytes, truncate, edit_stream, edit_stream, cut_or_repeat)


class Mutant(NamedTuple):
    name: str
    data: bytes
    how: str
    scan: bool  # a damaged scan, run with --ocr auto


def scan_pages() -> Optional[bytes]:
    """``SCAN_PAGES`` of the scanned decree as one PDF (the same bytes every time)."""
    if not SCAN.exists():
        return None
    import io

    import pikepdf

    with pikepdf.open(SCAN) as scan, pikepdf.new() as part:
        part.pages.extend(scan.pages[number - 1] for number in SCAN_PAGES)
        out = io.BytesIO()
        part.save(out, deterministic_id=True)
    return out.getvalue()


def mutants(count: int, seed: int, ocr_share: float = 0.0):
    """``Mutant``s, the same for the same seed; ``ocr_share`` of them damaged scans."""
    rng = random.Random(seed)
    originals = {path: path.read_bytes() for path in SOURCES if path.exists()}
    scan = scan_pages() if ocr_share > 0 else None
    scan_name = f"{SCAN.stem}-p{'-'.join(map(str, SCAN_PAGES))}"
    for index in range(count):
        if scan is not None and rng.random() < ocr_share:
            data, how = rng.choice(MUTATIONS)(scan, rng)
            yield Mutant(f"{index:04d}-{scan_name}.pdf", data, f"{scan_name}: {how}", True)
            continue
        source = rng.choice(sorted(originals))
        data, how = rng.choice(MUTATIONS)(originals[source], rng)
        yield Mutant(f"{index:04d}-{source.stem[:40]}.pdf", data, f"{source.name}: {how}", False)


# --- one run --------------------------------------------------------------------------------------
def run_cli(args: list[str], folder: Path, hang_seconds: float) -> dict:
    """`rencana ARGS` in a forked copy of this process: exit code, stderr, peak RSS, seconds."""
    from rencana.cli import app

    stderr_path, rss_path = folder / "stderr", folder / "rss"
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: a fresh process group, so a hang is killed with its children
        code = 70
        try:
            os.setpgid(0, 0)
            out = os.open(os.devnull, os.O_WRONLY)
            err = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(out, 1)
            os.dup2(err, 2)
            # Python's own streams onto those fds (a test runner may have swapped them for its own).
            sys.stdout = open(1, "w", closefd=False)
            sys.stderr = open(2, "w", closefd=False)
            try:
                app(args, prog_name="rencana")
                code = 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 70
        finally:
            try:
                sys.stderr.flush()
                rss = max(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                )
                rss_path.write_text(str(rss))
            finally:
                os._exit(code)
    status, hung = None, False
    while status is None:
        done, raw = os.waitpid(pid, os.WNOHANG)
        if done:
            status = raw
            break
        if time.monotonic() - started > hang_seconds:
            hung = True
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(0.05)
    return {
        "code": os.waitstatus_to_exitcode(status),
        "hung": hung,
        "stderr": stderr_path.read_text(errors="replace") if stderr_path.exists() else "",
        "rss_kib": int(rss_path.read_text()) if rss_path.exists() else 0,
        "seconds": round(time.monotonic() - started, 2),
    }


def classify(run: dict, path: Path, memory_ceiling_kib: int) -> str:
    lines = run["stderr"].splitlines()
    if run["hung"]:
        return "hang"
    if run["code"] == -signal.SIGKILL or run["rss_kib"] > memory_ceiling_kib:
        return "memory"
    if run["code"] not in (0, 2) or "Traceback" in run["stderr"]:
        return "crash"
    if run["code"] == 0:
        return "result" if not lines else "noise"
    if len(lines) == 1 and lines[0].startswith(f"{path}: "):
        return "reject"
    return "noise"


def fuzz(
    count: int,
    seed: int,
    ocr: str = "never",
    ocr_share: float = 0.2,
    hang_seconds: float = 180.0,
    memory_ceiling_kib: int = 3 << 20,
    keep: Path | None = None,
    progress: bool = False,
) -> dict:
    classes: Counter[str] = Counter()
    by_ocr: dict[str, Counter[str]] = {}
    slowest: dict[str, float] = {}
    reasons: Counter[str] = Counter()
    failures = []
    with tempfile.TemporaryDirectory(prefix="fuzz-pdf-") as scratch:
        folder = Path(scratch)
        for name, data, how, scan in mutants(count, seed, ocr_share):
            path = folder / name
            path.write_bytes(data)
            mode = "auto" if scan else ocr
            # -q: the one-line warning summary of a decree read with warnings is no failure;
            # anything else on stderr is noise.
            args = ["extract", str(path), "-o", str(folder / "out.json"), "--ocr", mode, "-q"]
            run = run_cli(args, folder, hang_seconds)
            kind = classify(run, path, memory_ceiling_kib)
            classes[kind] += 1
            by_ocr.setdefault(mode, Counter())[kind] += 1
            slowest[mode] = max(slowest.get(mode, 0.0), run["seconds"])
            if kind == "reject":
                reason = run["stderr"].split(": ", 1)[1].strip()
                reasons[re.sub(r"\d+", "N", reason)[:70]] += 1
            if kind in FAILURES:
                failures.append({"mutant": name, "how": how, "ocr": mode, "class": kind, **run})
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    (keep / name).write_bytes(data)
            if progress:
                print(f"{name} {kind:7} {mode:5} {run['seconds']:6.1f}s {how}", file=sys.stderr)
            path.unlink()
    return {
        "count": count,
        "seed": seed,
        "ocr": ocr,
        "ocr_share": ocr_share,
        "classes": {k: classes.get(k, 0) for k in CLASSES},
        "classes_by_ocr": {
            mode: {k: counts.get(k, 0) for k in CLASSES} for mode, counts in sorted(by_ocr.items())
        },
        "slowest_seconds_by_ocr": dict(sorted(slowest.items())),
        "reject_reasons": dict(reasons.most_common()),
        "failures": failures,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--ocr", default="never", choices=("auto", "always", "never"))
    parser.add_argument("--ocr-share", type=float, default=0.2)
    parser.add_argument("--hang-seconds", type=float, default=180.0)
    parser.add_argument("--memory-ceiling-mib", type=int, default=3072)
    parser.add_argument("--keep", type=Path, default=ROOT / "bench" / "fuzz-failures")
    parser.add_argument("--quiet", action="store_true")
    options = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "pipeline"))
    import rencana.cli  # imported once; every fork inherits it
    import rencana.runner  # noqa: F401
    from rencana.corpus.worker import warm_up

    warm_up()  # the spaCy tokenizer too, or every mutant would build it again

    report = fuzz(
        options.count,
        options.seed,
        options.ocr,
        options.ocr_share,
        options.hang_seconds,
        options.memory_ceiling_mib << 10,
        options.keep,
        progress=not options.quiet,
    )
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if any(report["classes"][k] for k in FAILURES) else 0


if __name__ == "__main__":
    sys.exit(main())
