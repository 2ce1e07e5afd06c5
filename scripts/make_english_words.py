#!/usr/bin/env python3
"""Builds data/people/english_words.txt: the lower-case entries of the SCOWL American
English word list (Debian package `wamerican`, /usr/share/dict/american-english),
without the words that are Census first names (data/people/first_names.txt).

The person resolver reads it to tell an ordinary word that starts a sentence ("Perhaps
Robinson said") from a given name the Census lists do not hold ("Imogen Pemberton said").

usage: apt-get install wamerican && python3 scripts/make_english_words.py [/usr/share/dict/american-english]
"""
import sys

NOTICE = """# Source: SCOWL (Spell Checker Oriented Word Lists), American English, as packaged by
# Debian (wamerican, /usr/share/dict/american-english); built by scripts/make_english_words.py.
# Lower-case entries only, without Census first names.
# Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and
# sell these word lists, the associated scripts, the output created from the scripts, and
# its documentation for any purpose is hereby granted without fee, provided that the above
# copyright notice appears in all copies and that both that copyright notice and this
# permission notice appear in supporting documentation. Kevin Atkinson makes no
# representations about the suitability of this array for any purpose. It is provided
# "as is" without express or implied warranty.
"""


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dict/american-english"
    first = {
        l.strip() for l in open("data/people/first_names.txt", encoding="utf-8") if l.strip() and not l.startswith("#")
    }
    words = set()
    for line in open(src, encoding="utf-8"):
        w = line.strip()
        if w and w.isascii() and w.isalpha() and w.islower() and w not in first:
            words.add(w)
    with open("data/people/english_words.txt", "w", encoding="utf-8") as f:
        f.write(NOTICE)
        f.write("\n".join(sorted(words)) + "\n")
    print(f"{len(words)} words")


if __name__ == "__main__":
    main()
