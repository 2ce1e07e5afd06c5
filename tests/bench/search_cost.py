#!/usr/bin/env python3
"""Measure the static search index of a built site: total size, shard sizes, and the
bytes a browser fetches for sample queries (simulating templates/assets/search.js:
meta.json, one term shard per query word, the doc shards of the first 10 results).

Usage: search_cost.py PUBLIC_DIR [QUERY...]   (default: a few generated queries)
"""
import json
import os
import random
import sys

def size(p):
    return os.path.getsize(p)

def main():
    pub = sys.argv[1]
    root = os.path.join(pub, "search")
    files = []
    for d, _, fs in os.walk(root):
        files += [os.path.join(d, f) for f in fs if f.endswith(".json")]
    total = sum(size(f) for f in files)
    terms = [f for f in files if "/index/" in f]
    docs = [f for f in files if "/docs/" in f]
    ts = sorted(size(f) for f in terms)
    print(f"index: {len(files)} files, {total/1e6:.1f} MB total; "
          f"{len(terms)} term shards (median {ts[len(ts)//2]/1e3:.1f} kB, max {ts[-1]/1e3:.0f} kB); "
          f"{len(docs)} doc shards (avg {sum(size(f) for f in docs)/len(docs)/1e3:.1f} kB)")
    meta = json.load(open(os.path.join(root, "meta.json")))
    queries = sys.argv[2:]
    if not queries:
        rng = random.Random(1)
        # Sample real terms: from the biggest shard, and a person surname.
        shard = json.load(open(max(terms, key=size)))
        words = sorted(shard["t"], key=lambda t: -len(shard["t"][t]))[3:]
        people = [s for s in (json.load(open(f)) for f in rng.sample(terms, min(40, len(terms)))) if s["p"]]
        surname = next(iter(people[0]["p"])) if people else words[0]
        queries = [words[0], f"{words[0]} {words[1][:3]}", surname[:4], f"{words[2]} {surname}",
                   "council", "co"]
    for q in queries:
        ws = [w for w in q.lower().split() if len(w) >= 2]
        fetched = size(os.path.join(root, "meta.json"))
        score = None
        keys = set(meta["shards"])
        for i, w in enumerate(ws):
            last = i == len(ws) - 1
            own = next((w[:n] for n in range(min(len(w), 6), 1, -1) if w[:n] in keys), None)
            need = [own] if own else []
            if last:
                need += [k for k in sorted(keys) if len(k) > len(w) and k.startswith(w)]
            s = {"t": {}}
            for k in need[:8]:
                p = os.path.join(root, "index", k + ".json")
                fetched += size(p)
                s["t"].update(json.load(open(p))["t"])
            ts = [t for t in s["t"] if (t.startswith(w) if last else t == w)][:200]
            ids = set()
            for t in ts:
                acc = 0
                for d in s["t"][t]:
                    acc += d
                    ids.add(acc)
            score = ids if score is None else score & ids
        top = sorted(score or [])[:10]
        shards = {i // meta["per"] for i in top}
        fetched += sum(size(os.path.join(root, "docs", f"{n}.json")) for n in shards)
        print(f"query {q!r}: {len(score or [])} articles, {1 + len(ws) + len(shards)} files, "
              f"{fetched/1e3:.0f} kB fetched")

if __name__ == "__main__":
    main()
