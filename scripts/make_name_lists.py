#!/usr/bin/env python3
"""Builds data/people/first_names.txt, data/people/surnames.txt and
data/people/given_name_sex.txt from the US Census 1990
name frequency lists (public domain), as shipped by the PyPI package `names` 0.3.0 (MIT).

usage: pip download --no-deps -d /tmp/names names==0.3.0 && python3 scripts/make_name_lists.py /tmp/names/names-0.3.0.tar.gz
"""
import sys, tarfile

SURNAMES = 20000  # most frequent surnames kept, in frequency order
SEX_MIN = 0.01  # per cent of one sex bearing a name, for given_name_sex.txt
SEX_RATIO = 10  # times as common among that sex as among the other


def frequencies(tar, member):
    f = tar.extractfile(member)
    return {
        line.split()[0].lower(): float(line.split()[1])
        for line in f.read().decode().splitlines()
        if line.strip()
    }


def read(tar, member):
    f = tar.extractfile(member)
    return [line.split()[0].lower() for line in f.read().decode().splitlines() if line.strip()]


def main():
    with tarfile.open(sys.argv[1]) as tar:
        files = {m.name.rsplit("/", 1)[-1]: m for m in tar.getmembers()}
        male = read(tar, files["dist.male.first"])
        female = read(tar, files["dist.female.first"])
        last = read(tar, files["dist.all.last"])
        mf = frequencies(tar, files["dist.male.first"])
        ff = frequencies(tar, files["dist.female.first"])
    head = "# Source: US Census Bureau 1990 name frequency lists (public domain), via PyPI package names 0.3.0.\n"
    first = sorted(set(male) | set(female))
    with open("data/people/first_names.txt", "w") as f:
        f.write(head + "# Male and female first names, lower case, sorted.\n")
        f.write("\n".join(first) + "\n")
    with open("data/people/surnames.txt", "w") as f:
        f.write(head + f"# The {SURNAMES} most frequent surnames, lower case, most frequent first.\n")
        f.write("\n".join(last[:SURNAMES]) + "\n")
    sex = []
    for n in sorted(set(mf) | set(ff)):
        a, b = mf.get(n, 0.0), ff.get(n, 0.0)
        if a >= SEX_MIN and a >= SEX_RATIO * b:
            sex.append(f"{n} m")
        elif b >= SEX_MIN and b >= SEX_RATIO * a:
            sex.append(f"{n} f")
    with open("data/people/given_name_sex.txt", "w") as f:
        f.write(
            '# Given names used almost only for men (m) or only for women (f): a pronoun ("he", "she")\n'
            "# never refers back to a person whose given name is of the other kind.\n"
            "# Source: US Census Bureau 1990 name frequency lists (public domain; dist.male.first and\n"
            "# dist.female.first), via PyPI package names 0.3.0. A name is listed when at least one\n"
            "# person in 10,000 of one sex bears it and it is at least ten times as frequent among\n"
            '# that sex as among the other; names common to both ("jordan", "kelly") and rare ones,\n'
            '# often from other countries ("tama", "roni"), are left out.\n'
        )
        f.write("\n".join(sex) + "\n")


if __name__ == "__main__":
    main()
