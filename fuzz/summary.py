#!/usr/bin/env python3
"""Prints a Markdown table of a make fuzz run from target/fuzz/logs/<target>.log: executions,
exec/s, libFuzzer's last cov:/ft: line, corpus size, peak RSS, and whether it crashed.
Usage: python3 fuzz/summary.py [log ...] (default: every log of the last run)."""
import pathlib, re, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
logs = [pathlib.Path(p) for p in sys.argv[1:]] or sorted((ROOT / "target/fuzz/logs").glob("*.log"))
print("| target | executions | exec/s | cov | ft | corpus (units/bytes) | peak RSS | result |")
print("|---|---:|---:|---:|---:|---|---:|---|")
for log in logs:
    text = log.read_text(errors="replace")
    stat = lambda k: (re.findall(rf"stat::{k}:\s+(\d+)", text) or ["?"])[-1]
    last = [l for l in text.splitlines() if re.match(r"#\d+\s", l) and " cov: " in l]
    m = re.search(r"cov: (\d+) ft: (\d+) corp: (\S+)", last[-1]) if last else None
    cov, ft, corp = m.groups() if m else ("?", "?", "?")
    crashed = "panicked" in text or "==ERROR" in text or "deadly signal" in text
    result = "crash" if crashed else ("done" if re.search(r"\sDONE\s", text) else "?")
    print(f"| {log.stem} | {stat('number_of_executed_units')} | {stat('average_exec_per_sec')} | {cov} | {ft} | {corp} | {stat('peak_rss_mb')} MB | {result} |")
