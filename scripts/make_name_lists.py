#!/usr/bin/env python3
"""Builds data/people/first_names.txt and data/people/surnames.txt from the US Census 1990
name frequency lists (public domain), as shipped by the PyPI package `names` 0.3.0 (MIT).

usage: pip download --no-deps -d /tmp/names names==0.3.0 && python3 scripts/make_name_lists.py /tmp/names/names-0.3.0.tar.gz
"""
import sys, tarfile

SURNAMES = 20000  # most frequent surnames kept, in frequency order


def read(tar, member):
    f = tar.extractfile(member)
    return [line.split()[0].lower() for line in f.read().decode().splitlines() if line.strip()]


def main():
    with tarfile.open(sys.argv[1]) as tar:
        files = {m.name.rsplit("/", 1)[-1]: m for m in tar.getmembers()}
        male = read(tar, files["dist.male.first"])
        female = read(tar, files["dist.female.first"])
        last = read(tar, files["dist.all.last"])
    head = "# Source: US Census Bureau 1990 name frequency lists (public domain), via PyPI package names 0.3.0.\n"
    first = sorted(set(male) | set(female))
    with open("data/people/first_names.txt", "w") as f:
        f.write(head + "# Male and female first names, lower case, sorted.\n")
        f.write("\n".join(first) + "\n")
    with open("data/people/surnames.txt", "w") as f:
        f.write(head + f"# The {SURNAMES} most frequent surnames, lower case, most frequent first.\n")
        f.write("\n".join(last[:SURNAMES]) + "\n")


if __name__ == "__main__":
    main()
