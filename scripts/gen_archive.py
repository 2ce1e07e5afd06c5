#!/usr/bin/env python3
"""Deterministic synthetic news archive for benchmarks.

Writes a site root with `content/` holding N invented articles (dates 2000-2024,
~400-word bodies, 2-8 people each drawn Zipf-like from a pool of N/5 invented
people) and, for the Markdown variant, an equivalent Hugo site.

All prose comes from the word lists and sentence templates below; no corpus text
is used. The same arguments always produce byte-identical output.

    gen_archive.py --n 1000 --format md --out target/bench/gen/md-1000
    gen_archive.py --n 1000 --format txt --out target/bench/gen/txt-1000

Layout:
    md:  DIR/content/YYYY/MM/<slug>.md        TOML front matter + Markdown body
         DIR/hugo/                            Hugo site (hugo.toml, layouts/, content/
                                              hard-linked to the same files)
    txt: DIR/content/YYYY/YYYY-MM-DD-<slug>.txt
         headline, blank line, optional "By Name" line, paragraphs.
    both: DIR/minimal/                        dateline site over the same content/
                                              (symlink) with templates that print the
                                              same markup as the Hugo layouts; also
                                              written alone by --minimal-site DIR
"""

import argparse
import bisect
import datetime
import os
import random
import re
import shutil
import sys

SEED = 20240229
# People are drawn Zipf-Mandelbrot-like, weight 1/(rank + ZIPF_Q)^ZIPF_S: a few people
# recur in several percent of all articles, most in a handful.
ZIPF_S = 1.0
ZIPF_Q = 10

FIRST_NAMES = """
Aaron Abigail Adaeze Adrian Agnieszka Ahmed Aiko Aisha Alejandro Alexei Alice Amara
Amelia Ana Anders Andrea Angela Anna Antoine Arjun Astrid Aurelio Ayesha Beatriz Benedikt
Bernard Bianca Bogdan Brigid Bruno Camille Carlos Carmen Catalina Cecilia Chiara Chidi
Clara Colette Cormac Dagny Daniel Daria Dmitri Dolores Edmund Eduardo Elena Elif Elise
Emeka Emil Emma Enrique Erik Esperanza Esther Fatima Felipe Fernanda Filip Fiona Florian
Francesca Gabriel Gareth Gemma Georg Giulia Gustavo Hana Hannah Harriet Hassan Helena
Henrik Hiroshi Hugo Ibrahim Ilse Imogen Ines Ingrid Irina Isaac Isabel Ivan Jakob
Jamal Jana Javier Jelena Joaquim Johanna Jonas Jorge Josefina Julian Juliette Kaito
Kamala Karin Kasia Katarina Kenji Khalid Kofi Lars Laura Leila Lena Leonor Liam Lidia
Lorenzo Lucia Luis Lukas Madeleine Magnus Maja Malik Marco Margit Maria Mariana Marta
Mateo Matilda Maxim Mei Miguel Mikhail Milena Mirela Nadia Naledi Natalia Niamh Nikolai
Nils Noor Oksana Olga Olivia Omar Oscar Pablo Paloma Paulina Pedro Petra Pilar Priya
Rafael Rania Ravi Rebecca Renata Ricardo Rosa Rosalind Rui Ruth Sabine Salma Samuel
Sandra Santiago Sara Sebastian Selin Sergei Silvia Simone Sofia Sorin Stefan Sunita
Svetlana Tamara Tariq Teresa Theo Thomas Tomasz Ulrike Valentina Vera Victor Viktor
Vivian Wanjiru Wilhelmina Xavier Yara Yusuf Zainab Zofia Zoran
""".split()

LAST_NAMES = """
Abara Achterberg Adeyemi Albescu Almeida Amundsen Andersen Aranda Arkwright Ashdown
Baptiste Barros Bauer Beaumont Bellamy Benedek Bergstrom Blackwood Bogdanovic Borowski
Brannigan Brisbane Caldera Calloway Carvalho Castellano Cavendish Chandrakar Cheng
Cioban Coelho Constantin Corrigan Costa Cruikshank Dalgaard Danforth Delacroix Demir
Desai Dimitrov Dobrescu Donnelly Draganov Dubois Dunmore Eberhardt Ekwueme Elmquist
Engstrom Esposito Falkenrath Farrow Fenwick Ferreira Fitzgerald Florescu Fontaine
Forsythe Fraser Galloway Garrido Gashi Gerlach Gilchrist Goncalves Gorski Greaves
Grimaldi Gunnarsson Haddad Halvorsen Hargreaves Hartmann Haverford Heikkinen Hendricks
Holloway Horvath Hosseini Huxley Ibarra Ivanova Jablonski Jankowski Jessop Johansson
Kaczmarek Kamau Karlsson Kavanagh Keller Kestrel Kilbride Kovac Kowalczyk Krause
Kuznetsov Lachance Lambrecht Larkspur Lazarescu Lindqvist Lombardi Lovell Lundgren
Macready Madsen Malinowski Marchetti Markovic Mbeki Medina Mendoza Merriweather
Mikkelsen Mirza Moreau Morrow Mukherjee Nakamura Navarro Neumann Nkemelu Novak Nyberg
Oakhurst Obradovic Odhiambo Okafor Olander Oliveira Ostrowski Pacheco Palmieri Pancheva
Pardo Pemberton Petrescu Pinheiro Popescu Prendergast Quaresma Quintero Radulescu
Ramirez Ravensworth Reinholt Ribeiro Rinaldi Rosales Rossetti Rutherford Salazar
Sandoval Santangelo Schreiber Serrano Shevchenko Silvestri Sinclair Sokolova Soriano
Stavros Steinberg Stoica Strand Suarez Sutherland Szabo Takahashi Tanaka Tavares
Teodorescu Thorne Toivonen Torvald Trevanian Ueda Umarov Underhill Urquhart Valente
Vasquez Velasco Vidal Villanueva Vogel Wainwright Waleska Weatherby Whitcombe
Wilhelmsen Winterbourne Wojcik Wrexham Yamamoto Yilmaz Yorke Zabala Zamfir Zielinski
Zubiri Zwolinski
""".split()

ROLES = """
Minister|Senator|Mayor|Councillor|Judge|Professor|Dr|Governor|Ambassador|Inspector|
General|Commissioner|Deputy Mayor|Chief Executive|Superintendent|Bishop|Coach|
Prosecutor|Director|Chairwoman|Chairman|Treasurer|Spokeswoman|Spokesman
""".replace("\n", "").split("|")

PLACES = """
Northbridge|Port Alder|Kestrel Bay|Eastmoor|Lindenfeld|Saltmarsh|Greywater|Ashford Vale|
Marlow Heights|Thornbury|Riverside|Old Harbour|Westcliff|Brackenridge|Fallowmere|Sutton Cross|
Halewood|Copperton|Elmstead|Ravensholm|Stonebridge|Millbrook|Orchard Hill|Seagate
""".replace("\n", "").split("|")

ORGS = """
the city council|the regional assembly|the harbour authority|the transport agency|
the health board|the university|the chamber of commerce|the teachers' union|
the water company|the planning committee|the national bank|the farmers' cooperative|
the energy regulator|the museum trust|the fire service|the housing association|
the environment agency|the football club|the hospital trust|the public prosecutor's office
""".replace("\n", "").split("|")

NOUNS = """
budget|bridge|railway line|housing plan|tax reform|water supply|school programme|
election|trade agreement|flood barrier|hospital wing|wage deal|ferry service|
road project|pension scheme|power station|recycling plan|library|stadium|
tram network|harbour expansion|tourism strategy|inquiry|ceasefire|festival|
vaccination drive|climate plan|police review|subsidy|strike
""".replace("\n", "").split("|")

ADJS = """
ambitious|controversial|long-awaited|delayed|costly|modest|sweeping|temporary|
regional|revised|emergency|popular|unexpected|stalled|expanded|scaled-back
""".replace("\n", "").split("|")

POSTS = """
spokeswoman|spokesman|director|treasurer|chief executive|deputy director|
commissioner|chairwoman|chairman|head of planning|legal adviser|press officer
""".replace("\n", "").split("|")

VERBS_PAST = """
approved|rejected|postponed|defended|criticised|announced|unveiled|questioned|
welcomed|blocked|endorsed|reviewed|suspended|expanded|funded|opposed
""".replace("\n", "").split("|")

VERBS_INF = """
approve|reject|postpone|defend|review|fund|expand|delay|revise|complete|
cancel|extend|support|investigate
""".replace("\n", "").split("|")

SAY = ["said", "told reporters", "said in a statement", "told the assembly",
       "said on Tuesday", "said on Friday", "added", "warned", "argued", "insisted"]

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]

TAGS = """
politics|economy|transport|health|education|environment|housing|culture|sport|
crime|courts|energy|labour|business|science|weather|agriculture|tourism|
local-government|elections|infrastructure|religion|technology|finance|
immigration|defence|media|arts|history|water
""".replace("\n", "").split("|")

HEADLINES = [
    "{Place} {noun_cap} {verb_past} after {adj} debate",
    "{Surname} {verb_pres} {adj} {noun}",
    "{Org_cap} to {verb_inf} {noun} in {Place}",
    "{Surname} and {Surname2} clash over {noun}",
    "{Adj_cap} {noun} divides {Place}",
    "{Place} waits for decision on {noun}",
    "Questions over {noun} as {Surname} {verb_pres} plan",
    "{Role} {Surname} {verb_pres} {noun} for {Place}",
    "{Noun_cap} in {Place}: what happens next",
    "{Place} votes on {adj} {noun}",
]

LEDE = [
    "{Place}: {Role} {Full} {say} that {org} would {verb_inf} the {adj} {noun} before {month}.",
    "{Full}, {post} of {org}, {say} the {noun} in {Place} would go ahead despite {adj} objections.",
    "The {adj} {noun} in {Place} was {verb_past} on {weekday}, {Role} {Full} {say}.",
    "{Role} {Full} {verb_past} the {noun} on {weekday}, ending months of {adj} negotiations in {Place}.",
]

INTRO = [
    "{Full}, {post} at {org}, {say} the plan had been {adj} from the start.",
    "{Role} {Full} {say} the {noun} was {adj} but necessary.",
    "Among the critics was {Full}, who {verb_past} the {noun} last {month}.",
    "{Full} {say} residents of {Place} deserved a clearer answer on the {noun}.",
    "Speaking in {Place}, {Role} {Full} {say} the figures did not add up.",
]

MENTION = [
    "{Surname} {say} the {noun} would cost more than first planned.",
    "\u201c{Quote},\u201d {Surname} {say}.",
    "{Surname} later {verb_past} a proposal to {verb_inf} the {noun}.",
    "According to {Surname}, {org} had not been consulted on the {noun}.",
    "{Surname} did not respond to a request for comment.",
]

QUOTES = [
    "We have waited long enough for this {noun}",
    "Nobody in {Place} should pay for this {adj} {noun}",
    "This is not the end of the discussion",
    "The numbers speak for themselves",
    "We will {verb_inf} the {noun} if we have to",
    "People want answers, not another inquiry",
]

FILLER = [
    "The {noun} has been debated in {Place} since {year}.",
    "Officials at {org} {verb_past} the {adj} {noun} in a vote last {month}.",
    "The cost of the {noun} is expected to reach {num} million over {small} years.",
    "Residents of {Place} have long complained about the {noun}.",
    "A report published in {month} found that the {noun} was {adj} and underfunded.",
    "Opponents say the {noun} will do little for families in {Place}.",
    "Supporters argue that the {adj} {noun} will create {num} jobs.",
    "The decision comes weeks after {org} {verb_past} a similar {noun} in {Place2}.",
    "A final vote on the {noun} is scheduled for {month}.",
    "More than {num} people attended a public meeting on the {noun} in {Place}.",
    "Critics said the timetable for the {noun} was {adj}.",
    "The {noun} was first proposed by {org} in {year}.",
    "Work on the {noun} is due to begin in {month}, weather permitting.",
    "It was not clear how {org} would pay for the {noun}.",
]

SUBHEADS = ["What comes next", "Reaction", "Background", "The cost", "A divided town"]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

PRESENT = {
    "approved": "approves", "rejected": "rejects", "postponed": "postpones",
    "defended": "defends", "criticised": "criticises", "announced": "announces",
    "unveiled": "unveils", "questioned": "questions", "welcomed": "welcomes",
    "blocked": "blocks", "endorsed": "endorses", "reviewed": "reviews",
    "suspended": "suspends", "expanded": "expands", "funded": "funds",
    "opposed": "opposes",
}


def slugify(text):
    """Lower-case ASCII slug: runs of other characters become one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make_people(rng, count):
    """`count` unique full names; middle initials extend the pool past first x last."""
    pairs = [(f, l) for f in FIRST_NAMES for l in LAST_NAMES]
    rng.shuffle(pairs)
    names = [f"{f} {l}" for f, l in pairs[:count]]
    initials = "ABCDEFGHJKLMNPRSTW"
    i = 0
    while len(names) < count:
        f, l = pairs[i % len(pairs)]
        names.append(f"{f} {initials[(i // len(pairs)) % len(initials)]}. {l}")
        i += 1
        if i >= len(pairs) * len(initials):
            sys.exit("person pool too large for the embedded name lists")
    return names


def zipf_cum_weights(count, s=ZIPF_S, q=ZIPF_Q):
    """Cumulative weights 1/(k+q)^s for ranks k = 1..count."""
    total, cum = 0.0, []
    for k in range(1, count + 1):
        total += 1.0 / ((k + q) ** s)
        cum.append(total)
    return cum


def zipf_pick(rng, cum, k):
    """k distinct indices drawn by the cumulative weights `cum`."""
    chosen = []
    while len(chosen) < k:
        i = bisect.bisect_left(cum, rng.random() * cum[-1])
        i = min(i, len(cum) - 1)
        if i not in chosen:
            chosen.append(i)
    return chosen


TAG_WEIGHTS = zipf_cum_weights(len(TAGS), s=1.0, q=0)


class Writer:
    """Fills templates with choices from one seeded random generator."""

    def __init__(self, rng):
        self.rng = rng

    def fill(self, template, person=None, other=None, role=None):
        r = self.rng
        verb_past = r.choice(VERBS_PAST)
        values = {
            "Place": r.choice(PLACES),
            "Place2": r.choice(PLACES),
            "org": r.choice(ORGS),
            "noun": r.choice(NOUNS),
            "adj": r.choice(ADJS),
            "verb_past": verb_past,
            "verb_pres": PRESENT[verb_past],
            "verb_inf": r.choice(VERBS_INF),
            "say": r.choice(SAY),
            "month": r.choice(MONTHS),
            "weekday": r.choice(WEEKDAYS),
            "year": str(r.randint(1985, 2020)),
            "num": str(r.choice([3, 12, 40, 85, 150, 300, 1200])),
            "small": str(r.randint(2, 10)),
            "Role": role or r.choice(ROLES),
        }
        values["post"] = r.choice(POSTS)
        values["Org_cap"] = values["org"][0].upper() + values["org"][1:]
        values["noun_cap"] = values["noun"]
        values["Noun_cap"] = values["noun"][0].upper() + values["noun"][1:]
        values["Adj_cap"] = values["adj"][0].upper() + values["adj"][1:]
        if person:
            values["Full"] = person
            values["Surname"] = person.split()[-1]
        if other:
            values["Surname2"] = other.split()[-1]
        if "{Quote}" in template:
            values["Quote"] = self.fill(r.choice(QUOTES))
        return template.format(**values)


def headline(w, people):
    r = w.rng
    t = r.choice(HEADLINES)
    h = w.fill(t, person=people[0], other=people[1])
    return h[0].upper() + h[1:]


def body_paragraphs(w, people, roles, target_words):
    """Paragraphs: each person introduced by full name (often with a role), then by surname."""
    r = w.rng
    paras = [[w.fill(r.choice(LEDE), person=people[0], role=roles[0])]]
    introduced = [people[0]]
    pending = list(people[1:])
    words = len(paras[0][0].split())
    while words < target_words or pending:
        para = []
        for _ in range(r.randint(2, 4)):
            roll = r.random()
            if pending and roll < 0.45:
                p = pending.pop(0)
                s = w.fill(r.choice(INTRO), person=p, role=roles[people.index(p)])
                introduced.append(p)
            elif roll < 0.7:
                s = w.fill(r.choice(MENTION), person=r.choice(introduced))
            else:
                s = w.fill(r.choice(FILLER))
            para.append(s)
            words += len(s.split())
        paras.append(para)
        if len(paras) > 40:
            break
    return [" ".join(p) for p in paras]


def article(w, cum, pool, reporters):
    r = w.rng
    k = r.randint(2, 8)
    people = [pool[i] for i in zipf_pick(r, cum, k)]
    roles = [r.choice(ROLES) for _ in people]
    title = headline(w, people)
    paras = body_paragraphs(w, people, roles, r.randint(340, 460))
    tags = sorted({TAGS[i] for i in zipf_pick(r, TAG_WEIGHTS, r.randint(1, 4))})
    byline = r.choice(reporters) if r.random() < 0.4 else None
    subhead = r.choice(SUBHEADS) if r.random() < 0.3 and len(paras) > 3 else None
    return {
        "title": title,
        "people": people,
        "paras": paras,
        "tags": tags,
        "byline": byline,
        "subhead": subhead,
    }


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items):
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def render_md(a):
    lines = ["+++", f"title = {toml_str(a['title'])}", f'date = "{a["date"].isoformat()}"']
    if a["byline"]:
        lines.append(f"byline = {toml_list([a['byline']])}")
    lines.append(f"tags = {toml_list(a['tags'])}")
    lines.append(f"people = {toml_list(a['people'])}")
    lines.append("+++")
    lines.append("")
    paras = list(a["paras"])
    # Light Markdown: emphasise the first full-name mention, optional subheading.
    first = a["people"][0]
    paras[0] = paras[0].replace(first, f"**{first}**", 1)
    for i, p in enumerate(paras):
        if a["subhead"] and i == len(paras) // 2:
            lines.append(f"## {a['subhead']}")
            lines.append("")
        lines.append(p)
        lines.append("")
    return "\n".join(lines)


def render_txt(a):
    lines = [a["title"], ""]
    if a["byline"]:
        lines += [f"By {a['byline']}", ""]
    for p in a["paras"]:
        lines += [p, ""]
    return "\n".join(lines)


def unique_path(used, base, ext):
    path = base + ext
    n = 2
    while path in used:
        path = f"{base}-{n}{ext}"
        n += 1
    used.add(path)
    return path


def generate(n, fmt, out, hugo_out):
    rng = random.Random(f"{SEED}-{n}")
    w = Writer(rng)
    pool_size = max(10, n // 5)
    names = make_people(rng, pool_size + 60)
    pool, reporters = names[:pool_size], names[pool_size:]
    cum = zipf_cum_weights(pool_size)
    start = datetime.date(2000, 1, 1)
    days = (datetime.date(2024, 12, 31) - start).days + 1

    content = os.path.join(out, "content")
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(content)
    used, made_dirs, total = set(), set(), 0
    written = []
    for _ in range(n):
        date = start + datetime.timedelta(days=rng.randrange(days))
        a = article(w, cum, pool, reporters)
        a["date"] = date
        slug = slugify(a["title"])[:80].rstrip("-")
        if fmt == "md":
            rel_dir = f"{date.year:04d}/{date.month:02d}"
            rel = unique_path(used, f"{rel_dir}/{slug}", ".md")
            text = render_md(a)
        else:
            rel_dir = f"{date.year:04d}"
            rel = unique_path(used, f"{rel_dir}/{date.isoformat()}-{slug}", ".txt")
            text = render_txt(a)
        if rel_dir not in made_dirs:
            os.makedirs(os.path.join(content, rel_dir), exist_ok=True)
            made_dirs.add(rel_dir)
        data = text.encode("utf-8")
        with open(os.path.join(content, rel), "wb") as f:
            f.write(data)
        total += len(data)
        written.append(rel)
    if fmt == "md" and hugo_out:
        write_hugo_site(hugo_out, content, written)
    write_minimal_site(out)
    return total


HUGO_TOML = """\
baseURL = "http://localhost/"
title = "Synthetic Archive"
disableKinds = ["section"]
enableRobotsTXT = false

[pagination]
  pagerSize = 10

[taxonomies]
  person = "people"

[outputs]
  home = ["html", "rss"]
  page = ["html"]
  taxonomy = ["html"]
  term = ["html"]

[services.rss]
  limit = 20

[sitemap]
  changeFreq = ""
  priority = -1
"""

HEAD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title>
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | absURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a> <a href="{{ "/people/" | relURL }}">People</a></header>
<main>
"""
FOOT = """</main></body></html>
"""

LAYOUTS = {
    "_default/single.html": HEAD + """<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{- with .Params.byline }} &middot; By {{ delimit . ", " }}{{ end }}</p>
<ul class="people">{{ range .GetTerms "people" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
{{ with .Params.tags }}<p class="tags">{{ delimit . ", " }}</p>{{ end }}
</article>
""" + FOOT,
    "_default/list.html": HEAD + """<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
""" + FOOT,
    "_default/terms.html": HEAD + """<h1>People</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
""" + FOOT,
    "_default/taxonomy.html": HEAD + """<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
""" + FOOT,
    "index.html": HEAD + """<h1>Latest</h1>
{{ $p := .Paginate site.RegularPages }}
<ul>{{ range $p.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}<br>{{ .Summary }}</li>{{ end }}</ul>
<nav>{{ with $p.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }} {{ with $p.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>
""" + FOOT,
}


# dateline templates printing the markup of the Hugo layouts above, for a like-for-like
# comparison of the two engines (dateline's default theme writes about 3.5 times the
# bytes: masthead, navigation, metadata, related coverage, quotes). Outputs the Hugo site
# does not make (search, per-person feeds, date archives) are switched off in MIN_CONFIG;
# the few pages left without a Hugo counterpart (corrections, 404) keep dateline's
# defaults.
MIN_BASE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ page.title }} | {{ site.title }}</title>
<link rel="alternate" type="application/atom+xml" href="{{ site.feed_url }}"></head>
<body><header><a href="{{ site.base_path }}">{{ site.title }}</a> <a href="{{ site.people_url }}">People</a></header>
<main>
{% block content %}{% endblock content %}
</main></body></html>
"""
# The Hugo site's URLs (/YYYY/MM/slug/), page size and outputs (its config makes no
# search index, no feed per taxonomy term and no date archives).
MIN_CONFIG = """title = "Synthetic Archive"
permalink = "/{year}/{month}/{slug}/"
paginate_by = 10

[outputs]
search = false
person_feeds = false
date_archives = false
"""
MIN_PAGER = """<nav>{% if pagination.prev_url %}<a href="{{ pagination.prev_url }}">Newer</a>{% endif %} {% if pagination.next_url %}<a href="{{ pagination.next_url }}">Older</a>{% endif %}</nav>
"""
MIN_TEMPLATES = {
    "base.html": MIN_BASE,
    "article.html": """{% extends "base.html" %}{% block content %}<article><h1>{{ article.title }}</h1>
<p>{% if article.date %}<time datetime="{{ article.date }}">{{ article.date_display }}</time>{% endif %}
{%- if article.byline %} &middot; By {% for p in article.byline %}{{ p.name }}{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}</p>
<ul class="people">{% for p in article.people %}<li><a href="{{ p.url }}">{{ p.name }}</a></li>{% endfor %}</ul>
{{ article.body_html | safe }}
{% if article.tags %}<p class="tags">{{ article.tags | join(sep=", ") }}</p>{% endif %}
</article>
{% endblock content %}""",
    "card.html": """<li><a href="{{ a.url }}">{{ a.title }}</a> {{ a.date }}{% if a.summary %}<br>{{ a.summary }}{% endif %}</li>""",
    "list.html": """{% extends "base.html" %}{% block content %}<h1>{{ heading }}</h1>
<ul>{% for a in articles %}{{ a.html | safe }}{% endfor %}</ul>
""" + MIN_PAGER + """{% endblock content %}""",
    "person.html": """{% extends "base.html" %}{% block content %}<h1>{{ person.name }}</h1>
<ul>{% for a in bylines %}{{ a.html | safe }}{% endfor %}{% for a in mentioned_in %}{{ a.html | safe }}{% endfor %}</ul>
""" + MIN_PAGER + """{% endblock content %}""",
    "people.html": """{% extends "base.html" %}{% block content %}<h1>People</h1>
<p>{% for i in initials %}<a href="{{ i.url }}">{{ i.letter }}</a> {% endfor %}</p>
<ul>{% for g in groups %}{% for p in g.people %}<li><a href="{{ p.url }}">{{ p.name }}</a> ({{ p.count }})</li>{% endfor %}{% endfor %}</ul>
{% endblock content %}""",
}


def write_minimal_site(out):
    """DIR/minimal: a dateline site over DIR/content with the minimal templates."""
    site = os.path.join(out, "minimal")
    if os.path.exists(site):
        shutil.rmtree(site)
    os.makedirs(os.path.join(site, "templates"))
    os.symlink(os.path.join("..", "content"), os.path.join(site, "content"))
    with open(os.path.join(site, "dateline.toml"), "w") as f:
        f.write(MIN_CONFIG)
    for rel, text in MIN_TEMPLATES.items():
        with open(os.path.join(site, "templates", rel), "w") as f:
            f.write(text)


def write_hugo_site(hugo_out, content, files):
    """Hugo site equivalent to the md variant; its content/ hard-links the same files."""
    if os.path.exists(hugo_out):
        shutil.rmtree(hugo_out)
    os.makedirs(hugo_out)
    with open(os.path.join(hugo_out, "hugo.toml"), "w") as f:
        f.write(HUGO_TOML)
    for rel, text in LAYOUTS.items():
        path = os.path.join(hugo_out, "layouts", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    hcontent = os.path.join(hugo_out, "content")
    for rel in files:
        dst = os.path.join(hcontent, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        src = os.path.join(content, rel)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copyfile(src, dst)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minimal-site", metavar="DIR",
                    help="only (re)write DIR/minimal for an archive generated earlier")
    ap.add_argument("--n", type=int, help="number of articles")
    ap.add_argument("--format", choices=["md", "txt"])
    ap.add_argument("--out", help="site root to (re)create")
    ap.add_argument("--hugo-out", help="Hugo site folder (md only; default OUT/hugo)")
    ap.add_argument("--no-hugo", action="store_true", help="skip the Hugo site")
    args = ap.parse_args()
    if args.minimal_site:
        write_minimal_site(args.minimal_site)
        return
    if args.n is None or args.format is None or args.out is None:
        ap.error("--n, --format and --out are required")
    if args.n < 1:
        ap.error("--n must be positive")
    hugo_out = None
    if args.format == "md" and not args.no_hugo:
        hugo_out = args.hugo_out or os.path.join(args.out, "hugo")
    total = generate(args.n, args.format, args.out, hugo_out)
    print(f"wrote {args.n} {args.format} articles ({total} bytes) to {args.out}"
          + (f"; Hugo site in {hugo_out}" if hugo_out else ""))


if __name__ == "__main__":
    main()
