#!/usr/bin/env python3
"""Write examples/news-2024.jsonl: four articles, one per line.

The texts live here so they can be edited as prose; the election story is kept hard-wrapped at
about 70 characters, as wire copy arrives, to exercise soft-wrap joining. Deterministic output.
"""
import json
import pathlib
import textwrap

ROOT = pathlib.Path(__file__).resolve().parents[2]


def wrap(paragraphs):
    """Hard-wrap each paragraph at 70 columns; blank line between paragraphs."""
    return "\n\n".join(textwrap.fill(p, width=70) for p in paragraphs)


ARTICLES = [
    {
        "url": "https://www.barrons.com/news/armenia-gets-first-indian-akash-air-defence-systems-4b7e2c19",
        "title": "Armenia Gets First Indian Air Defence Systems In Shift From Russia",
        "published": "2024-11-19T12:31:00Z",
        "authors": ["Lilit Hakobyan"],
        "agency": "AFP",
        "section": "World",
        "text": "\n\n".join([
            "Armenia has received the first batch of Indian-made Akash air defence systems under "
            "a deal signed last year, the defence ministry in Yerevan said Tuesday, as the South "
            "Caucasus country turns away from its traditional supplier Russia.",
            "The ministry did not say how many systems had arrived, but a source familiar with the "
            "contract told AFP that the order covered 15 launchers and associated radars, worth "
            "about $720 million.",
            "\"The delivery is proceeding on schedule and the systems will be put on combat duty "
            "in the near future,\" ministry spokesman Davit Harutyunyan said in a statement.",
            "Prime Minister Nikol Pashinyan has repeatedly accused Moscow of failing to honour its "
            "security commitments, and Armenia froze its participation in the Russia-led "
            "Collective Security Treaty Organization earlier this year.",
            "India has become one of Armenia's main arms suppliers since 2020, selling it Pinaka "
            "multiple rocket launchers, artillery and anti-tank weapons.",
            "Azerbaijan's foreign ministry condemned the delivery, saying New Delhi was "
            "\"encouraging revanchist forces\" in Armenia.",
            "Russia's foreign ministry said it had taken note of the reports and that Armenia was "
            "free to choose its partners, but warned that \"such choices have consequences.\"",
            "lh/jm/rox",
        ]),
    },
    {
        "url": "https://www.reuters.com/world/europe/georgias-ruling-party-claims-victory-disputed-election-2024-10-27/",
        "title": "Georgia's ruling party claims victory in election opposition calls rigged",
        "published": "Sun, 27 Oct 2024 08:15:00 GMT",
        "author": "Nino Beridze and Tom Aldridge",
        "agency": "Reuters",
        "text": wrap([
            "TBILISI, Oct 27 (Reuters) - Georgia's ruling Georgian Dream party "
            "won Saturday's parliamentary election with 53.9% of the vote, the "
            "central election commission said on Sunday, a result the pro-Western "
            "opposition refused to recognise, alleging widespread fraud.",
            "With ballots counted at 99.9% of polling stations, four opposition "
            "alliances together won about 37.8%, the commission said. Turnout was "
            "58.9%, the highest in more than a decade.",
            "\"We do not recognise the results of this stolen election,\" opposition "
            "leader Elene Khurtsidze told supporters outside the parliament building "
            "late on Saturday, calling for protests on Monday.",
            "Observers from the Organization for Security and Co-operation in Europe "
            "said the vote had been marred by \"an uneven playing field\", pressure "
            "on voters and cases of ballot stuffing, though they stopped short of "
            "calling it fraudulent.",
            "Georgian Dream's executive secretary, Levan Gogichaishvili, speaking at "
            "the party's headquarters, said Georgians had voted for \"peace and stability\" and rejected claims "
            "of irregularities as an attempt to drag the country into chaos.",
            "The European Union, which froze Georgia's accession process in June "
            "over a law on \"foreign agents\", said it expected the authorities to "
            "investigate the reported violations \"swiftly and transparently\".",
            "Hungary's government was the first in the EU to congratulate Georgian "
            "Dream, and its prime minister said he would visit Tbilisi this week.",
        ]),
    },
    {
        "url": "https://news.err.ee/1609321456/estonia-arrests-man-suspected-of-spying-for-russia",
        "title": "Estonia arrests man suspected of spying for Russia near Tapa base",
        "published": "2024-02-21",
        "authors": ["Mari Tamm"],
        "outlet": "ERR News",
        "text": "\n\n".join([
            "Estonia's Internal Security Service (KAPO) has arrested a 46-year-old man suspected "
            "of passing information about allied troops at the Tapa military base to Russian "
            "intelligence, the prosecutor's office said on Wednesday.",
            "The man, an Estonian citizen who worked for a logistics company supplying the base, "
            "was detained on February 14 and a court has remanded him in custody for two months, "
            "prosecutor Kadri Sepp said.",
            "According to the prosecutor, the suspect photographed vehicles and equipment of the "
            "NATO battlegroup stationed at Tapa, which is led by Britain, and passed the images "
            "to a handler from Russia's GRU military intelligence service in exchange for "
            "payments totalling several thousand euros.",
            "\"Russia continues to actively recruit people in Estonia, and it is looking for "
            "anyone with access to our allies' presence,\" KAPO spokesman Marek Kask said.",
            "If convicted of treason, the man faces up to 15 years in prison.",
            "Estonia has convicted more than a dozen people of spying for Russia since 2008, "
            "including a former senior defence ministry official sentenced to 16 years in 2009.",
        ]),
    },
    {
        "url": "https://www.euronews.com/my-europe/2024/05/14/eu-imposes-sanctions-on-iranian-drone-and-missile-makers",
        "title": "EU imposes sanctions on Iranian drone and missile makers over arms for Russia",
        "published": "2024-05-14 16:20:00",
        "authors": [],
        "agency": "AP",
        "section": "my-europe",
        "text": "\n\n".join([
            "BRUSSELS (AP) — The European Union on Tuesday imposed sanctions on six Iranian "
            "companies and four officials involved in making drones and ballistic missiles, "
            "accusing Tehran of supplying weapons to Russia for its war against Ukraine.",
            "The measures, adopted by EU foreign ministers at a meeting in Brussels, freeze the "
            "assets of those listed in the 27-nation bloc and ban them from travelling to it. "
            "They also extend an export ban on drone components to cover missile parts.",
            "\"Iran's support for Russia's war of aggression is unacceptable, and it will not "
            "go unanswered,\" the EU's chief diplomatic spokeswoman, Marta Lindqvist, told reporters.",
            "Among those targeted are the manufacturer of the Shahed-136 drone, which Russia "
            "has used in hundreds of attacks on Ukrainian cities, and a unit of the Islamic "
            "Revolutionary Guard Corps' aerospace force.",
            "Iran has denied sending ballistic missiles to Russia and says the drones it "
            "supplied were delivered before the invasion in February 2022.",
            "Iranian Foreign Ministry spokesman Hossein Rahimi called the sanctions "
            "\"illegal and baseless\" and said Tehran reserved the right to respond.",
            "The United States and Britain announced similar measures last month.",
        ]),
    },
]


def main():
    out = ROOT / "examples" / "news-2024.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for art in ARTICLES:
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
    print(f"wrote {out.relative_to(ROOT)} ({len(ARTICLES)} articles)")


if __name__ == "__main__":
    main()
