#!/usr/bin/env python3
"""Checks what the loader's structural pass removes from article bodies.

Runs `target/release/dateline extract --format json` over a corpus folder and compares
each record's body with the file's own paragraphs (everything after the headline line).

    scripts/check_chrome.py bbc        # ../shared/corpora/bbc: must lose nothing
    scripts/check_chrome.py scraped    # FakeNewsCorpus sample: lists every removed line
    scripts/check_chrome.py conll      # CoNLL dev articles: lists removed sentences
    scripts/check_chrome.py PATH...    # any files or folders
    scripts/check_chrome.py -v ...     # also list the lines moved into credit/dateline fields

Exit status 1 when a BBC article lost a paragraph (the BBC files have no chrome, byline
or dateline, so any loss there is a false positive).
"""

import json
import os
import re
import subprocess
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "corpora")
CORPORA = {
    "bbc": os.path.join(SHARED, "bbc"),
    "scraped": os.path.join(SHARED, "scraped", "fakenewscorpus-sample", "articles"),
    "conll": os.path.join(SHARED, "conll2003", "dev-articles"),
}
BIN = os.path.join(ROOT, "target", "release", "dateline")


def read_text(path):
    data = open(path, "rb").read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def file_paragraphs(text):
    """The loader's own split: headline line, then blank-line separated paragraphs."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    paras, cur = [], []
    for line in lines[i + 1 :]:
        line = line.strip()
        if not line:
            if cur:
                paras.append("\n".join(cur))
                cur = []
        else:
            cur.append(line)
    if cur:
        paras.append("\n".join(cur))
    return paras


def body_paragraphs(body):
    """Undoes the Markdown escaping of a raw article's body."""
    if not body:
        return []
    out = []
    for p in body.split("\n\n"):
        p = p.replace("\\\n", "\n")
        out.append(re.sub(r"\\(.)", r"\1", p, flags=re.S))
    return out


def main(args):
    if not args:
        print(__doc__)
        return 2
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    names = [a for a in args if a in CORPORA]
    paths = [CORPORA.get(a, a) for a in args]
    out = subprocess.run(
        [BIN, "extract", "--format", "json", *paths], capture_output=True, check=True
    ).stdout
    records = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    lost_files = 0
    lost_lines = Counter()
    changed = 0
    moved = 0
    fields = Counter()
    for rec in records:
        orig = file_paragraphs(read_text(rec["path"]))
        body = body_paragraphs(rec["body"])
        kept = set(body)
        lost = [p for p in orig if p not in kept]
        # A paragraph whose dateline prefix was stripped is changed, not lost.
        really_lost = [p for p in lost if not any(p.endswith(b) and b for b in body)]
        changed += len(lost) - len(really_lost)
        # A byline name or a dateline paragraph moved into the record's fields.
        names = set(rec["byline"])
        credited = rec["byline"] + rec["contributors"]
        place = rec["dateline"] or "\0"
        date = rec["date"] or "\0"
        moved_here = [
            p for p in really_lost
            if p in names or p.startswith(place) or p == date
            or any(n in p for n in credited)
        ]
        moved += len(moved_here)
        if verbose:
            for p in moved_here:
                print(f"   moved {rec['path']}: " + p.replace("\n", " / ")[:140])
        really_lost = [p for p in really_lost if p not in moved_here]
        for f in ("byline", "contributors"):
            if rec[f]:
                fields[f] += 1
        for f in ("source", "dateline", "display_title"):
            if rec.get(f):
                fields[f] += 1
        if rec.get("date"):
            fields["date:" + rec["date_source"]] += 1
        if really_lost:
            lost_files += 1
            print(f"== {rec['path']}")
            for p in really_lost:
                print("   - " + p.replace("\n", " / ")[:160])
                lost_lines[p] += 1
            if rec["byline"] or rec["contributors"] or rec["source"]:
                print(
                    f"   byline={rec['byline']} contributors={rec['contributors']} "
                    f"source={rec['source']!r} dateline={rec['dateline']!r}"
                )
        for w in rec["warnings"]:
            print(f"   warning {rec['path']}: {w}")
    print()
    print(f"{len(records)} articles, {lost_files} lost at least one paragraph, "
          f"{sum(lost_lines.values())} paragraphs removed, {changed} had a prefix stripped, "
          f"{moved} credit/dateline paragraphs moved to fields")
    print("fields found: " + ", ".join(f"{k} {v}" for k, v in sorted(fields.items())))
    if "bbc" in names and lost_files:
        print("FAIL: BBC articles have no chrome; nothing may be removed from them")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
