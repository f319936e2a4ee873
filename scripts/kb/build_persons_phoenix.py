#!/usr/bin/env python3
"""Build data/kb/persons_phoenix.tsv: office holders from the Phoenix/PETRARCH country actors
dictionary (Phoenix.Countries.actors.txt, MIT licence, Open Event Data Alliance; its dates run to
about 2014).

Kept: people with a dated CAMEO code whose role is GOV, MIL, LEG, JUD, COP or SPY. For each
person the latest dated code gives country, role and years; an open range ("in office since")
is written as `to` empty, which here means "in office when the dictionary was made (2014)".
People already in the hand-written data/kb/persons.tsv are skipped.
Run: python3 scripts/kb/build_persons_phoenix.py [path to the dictionary, .txt or .txt.gz]
"""
import gzip
import re
import sys
import unicodedata

ROOT = __file__.rsplit("/scripts/", 1)[0]
DEFAULT = "/work/shared/data/event-dictionaries/petrarch-phoenix-cameo/Phoenix.Countries.actors.txt.gz"
ROLES = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}
# Aliases with these words are descriptions ("President Obama", "the Obama administration"),
# not names.
TITLE_WORDS = {"mr", "mrs", "ms", "dr", "president", "president-elect", "senator", "minister",
               "prime", "administration", "government", "the", "us", "general", "gen", "king",
               "queen", "prince", "sheikh", "chairman", "secretary", "leader", "premier",
               "chancellor", "elect", "vice", "governor", "ambassador", "colonel", "emir", "of",
               "gov", "sen", "rep", "lt", "col", "maj", "capt", "adm", "brig", "sir", "lord",
               "dame", "rev", "pres"}
CODE = re.compile(r"\[([A-Z]{3,})\s*([<>]?)(\d{6,8})?(?:-(\d{6,8}))?\s*\]")
NOT_NAMES = re.compile(r"\b(MINISTER|MINISTRY|PRESIDENT|GOVERNMENT|ARMY|POLICE|PARTY|COUNCIL|"
                       r"COURT|COMMITTEE|MILITARY|FORCES|OFFICE|AMBASSADOR|GENERAL_STAFF|THE)\b")


def year(d):
    if d is None:
        return None
    if len(d) == 8:
        return int(d[:4])
    yy = int(d[:2])
    return 2000 + yy if yy <= 20 else 1900 + yy


def nice(word):
    if word.lower() in ("ii", "iii", "iv", "vi", "vii", "viii"):
        return word.upper()
    parts = re.split(r"([-'])", word.lower())
    out = []
    for p in parts:
        if p.startswith("mc") and len(p) > 2:
            out.append("Mc" + p[2:].capitalize())
        elif p in ("-", "'"):
            out.append(p)
        else:
            out.append(p.capitalize())
    return "".join(out)


def name_of(token):
    words = [w for w in token.strip("_").split("_") if w]
    return " ".join(nice(w) for w in words)


def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    opener = gzip.open if path.endswith(".gz") else open
    countries = {}
    for line in open(f"{ROOT}/data/kb/countries.tsv", encoding="utf-8"):
        if not line.startswith("#"):
            f = line.split("\t")
            countries[f[10]] = f[0]
            countries.setdefault(f[1], f[0])
    known = set()
    for line in open(f"{ROOT}/data/kb/persons.tsv", encoding="utf-8"):
        if not line.startswith("#") and line.strip():
            f = line.rstrip("\n").split("\t")
            for n in [f[1]] + f[2].split("|"):
                known.add(n.lstrip("=").lower())
    entries = []
    cur = None
    with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            if not raw[0].isspace() and not raw.startswith("+"):
                token = line.split()[0].split("[")[0]
                cur = {"name": token, "aliases": [], "codes": []}
                entries.append(cur)
            elif raw.startswith("+") and cur is not None:
                cur["aliases"].append(line[1:].split()[0].split("[")[0])
            if cur is not None:
                for m in CODE.finditer(line):
                    cur["codes"].append(m.groups())
    rows, seen = [], set()
    for e in entries:
        if NOT_NAMES.search(e["name"]) or any(ch.isdigit() for ch in e["name"]):
            continue
        name = name_of(e["name"])
        if len(name.split()) < 2 or len(name.split()[-1].strip(".")) < 2 or name.lower() in known:
            continue
        best = None
        for code, sign, start, end in e["codes"]:
            alpha2 = countries.get(code[:3])
            role = code[3:6]
            if not alpha2 or role not in ROLES or start is None:
                continue
            y0, y1 = year(start), year(end)
            if sign == ">":
                y1 = None
            elif sign == "<":
                y0, y1 = None, y0
            key = (y0 or 0, y1 or 9999)
            if best is None or key > best[0]:
                best = (key, alpha2, role, y0, y1)
        if best is None:
            continue
        _, alpha2, role, y0, y1 = best
        pid = slug(name)
        if pid in seen:
            continue
        seen.add(pid)
        aliases = []
        for a in e["aliases"]:
            n = name_of(a)
            words = set(n.lower().replace(".", "").split())
            if (len(n.split()) >= 2 and n != name and n.lower() not in known
                    and n not in aliases and not words & TITLE_WORDS):
                aliases.append(n)
        rows.append([pid, name, "|".join(aliases), alpha2, role, role, str(y0 or ""), str(y1 or "")])
    rows.sort(key=lambda r: (r[3], r[1]))
    with open(f"{ROOT}/data/kb/persons_phoenix.tsv", "w", encoding="utf-8") as f:
        f.write("# sitrep office holders from the Phoenix/PETRARCH country actors dictionary (MIT licence,\n")
        f.write("# Open Event Data Alliance), dates up to about 2014: `to` empty = in office in 2014.\n")
        f.write("# Generated by scripts/kb/build_persons_phoenix.py. office = the CAMEO role.\n")
        f.write("# id\tname\taliases\tcountry\trole\toffice\tfrom\tto\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(len(rows), "persons")


if __name__ == "__main__":
    main()
