#!/usr/bin/env python3
"""Generate a synthetic archive of N Markdown articles for search-index size and build
time measurements (docs/archive-features.md). Text is random words from a made-up
vocabulary with Zipf-like frequencies; people are drawn from generated names.

Usage: gen_articles.py N OUT_DIR [SEED]
"""
import os
import random
import sys

def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    onsets = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t",
              "v", "w", "y", "z", "st", "tr", "ch", "sh", "pr", "br", "gr", "th", "pl", "cl", ""]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "y"]
    codas = ["", "", "n", "r", "s", "t", "l", "m", "nd", "ck", "ng"]
    def word(k):
        return "".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                       for _ in range(k))
    vocab = list({word(rng.randint(1, 4)) for _ in range(40000)})
    common = ["the", "of", "and", "to", "in", "said", "on", "for", "was", "with", "council",
              "harbour", "minister", "police", "year", "new", "people", "city", "government"]
    weights = [1.0 / (i + 1) for i in range(len(vocab))]
    first = [word(2).capitalize() for _ in range(800)]
    last = [word(3).capitalize() for _ in range(3000)]
    people = [f"{rng.choice(first)} {rng.choice(last)}" for _ in range(max(50, n // 4))]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "dateline.toml"), "w") as f:
        f.write('title = "Bench Archive"\n')
    content = os.path.join(out, "content")
    for i in range(n):
        y = 1990 + i * 34 // max(n, 1)
        m = rng.randint(1, 12)
        d = rng.randint(1, 28)
        ppl = rng.sample(people, rng.randint(1, 4))
        title = " ".join(rng.choices(vocab, weights, k=rng.randint(4, 9))).capitalize()
        paras = []
        for _ in range(rng.randint(4, 10)):
            words = rng.choices(vocab, weights, k=rng.randint(25, 70))
            for j in range(0, len(words), 6):
                words[j] = rng.choice(common)
            words.insert(rng.randrange(len(words)), rng.choice(ppl))
            paras.append(" ".join(words).capitalize() + ".")
        folder = os.path.join(content, str(y))
        os.makedirs(folder, exist_ok=True)
        plist = ", ".join(f'"{p}"' for p in ppl)
        with open(os.path.join(folder, f"{y}-{m:02d}-{d:02d}-a{i}.md"), "w") as f:
            f.write(f'+++\ntitle = "{title}"\ndate = {y}-{m:02d}-{d:02d}\npeople = [{plist}]\n+++\n\n')
            f.write("\n\n".join(paras) + "\n")

if __name__ == "__main__":
    main()
