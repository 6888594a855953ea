# ruff: noqa: E501 (test data)
"""Regenerate tests/golden/*.jsonl from the hand-written cases below (input and expected text by hand).

Run: python tests/golden/make_cases.py
"""

import json
from pathlib import Path

G = Path(__file__).parent

TWO_CITIES = (
    "It was the best of times, it was the worst of times, it was the age of\n"
    "wisdom, it was the age of foolishness, it was the epoch of belief, it was\n"
    "the epoch of incredulity, it was the season of Light, it was the season of\n"
    "Darkness, it was the spring of hope, it was the winter of despair, we had\n"
    "everything before us, we had nothing before us, we were all going direct\n"
    "to Heaven, we were all going direct the other way.\n"
)
TWO_CITIES_JOINED = " ".join(TWO_CITIES.splitlines())
PREAMBLE = (
    "We the People of the United States, in Order to form a more perfect Union, establish Justice, "
    "insure domestic Tranquility, provide for the common defence, promote the general Welfare, and "
    "secure the Blessings of Liberty to ourselves and our Posterity, do ordain and establish this "
    "Constitution for the United States of America."
)
GETTYSBURG_1 = (
    "Four score and seven years ago our fathers brought forth on this continent, a new nation, "
    "conceived in Liberty, and dedicated to the proposition that all men are created equal."
)
GETTYSBURG_2 = (
    "Now we are engaged in a great civil war, testing whether that nation, or any nation so conceived "
    "and so dedicated, can long endure. We are met on a great battle-field of that war."
)
FERRY = [
    "The harbour board approved the new ferry timetable on Tuesday after a long public consultation.",
    "Ferries will now leave every forty minutes during the summer months, the board said.",
    "Local traders welcomed the change, saying the old timetable left visitors waiting for hours.",
]


def case(label, comment, inp, text, edits, expect="pass"):
    return {
        "label": label,
        "comment": comment,
        "input": inp,
        "expected": {"text": text, "edits": edits},
        "expect": expect,
    }


wild = [
    case(
        "wild-two-cities-wrapped",
        "Public-domain opening of A Tale of Two Cities (Dickens, 1859) as a 74-column e-text under a blog title, with a Blogger widget.",
        "A Tale of Two Cities\n\n" + TWO_CITIES + "\nNo comments:\nPost a Comment",
        "A Tale of Two Cities\n\n" + TWO_CITIES_JOINED,
        [["remove_boilerplate", "comment_widget"], ["remove_boilerplate", "comment_widget"]]
        + [["rejoin_wraps", "hard_wrap"]] * 5,
    ),
    case(
        "wild-preamble-repeated",
        "Public-domain Preamble of the US Constitution on a page that prints it twice, with a share bar and a cookie notice.",
        "The Preamble\nShare this:\nFacebook Twitter Email\n"
        + PREAMBLE
        + "\n\n"
        + PREAMBLE
        + "\nThis site uses cookies to improve your experience. By continuing to browse you agree to our use of cookies.",
        "The Preamble\n" + PREAMBLE,
        [
            ["remove_boilerplate", "share_buttons"],
            ["remove_boilerplate", "share_buttons"],
            ["remove_boilerplate", "cookie_notice"],
            ["remove_repeats", "repeated_paragraph"],
        ],
    ),
    case(
        "wild-gettysburg-glued-and-byline",
        "Public-domain Gettysburg Address (Lincoln, 1863) with a date header, a byline, a glued '|' and a 'Read more' link.",
        "Thursday, November 19, 1863\nPosted by The Editor at 10:22 AM\n"
        + GETTYSBURG_1
        + " |\n"
        + GETTYSBURG_2
        + " Continue reading →",
        GETTYSBURG_1 + "\n" + GETTYSBURG_2,
        [
            ["remove_boilerplate", "date_header"],
            ["remove_boilerplate", "byline"],
            ["remove_boilerplate", "glued_separator"],
            ["remove_boilerplate", "glued_link"],
        ],
    ),
]

synthetic = [
    case(
        "synthetic-story-once",
        "The canonical shape: repeated paragraphs, a hard wrap, a glued '|', a comment widget.",
        "\n".join(FERRY)
        + "\nThe chair said the decision had been delayed because the operator had\nnot provided figures for the winter.\n"
        + "\n".join(FERRY[1:])
        + " |\nNo comments:\nPost a Comment",
        "\n".join(FERRY)
        + "\nThe chair said the decision had been delayed because the operator had not provided figures for the winter.",
        None,
    ),
    case(
        "synthetic-widget-inside-sentence",
        "A share widget spliced into a sentence: the widget goes and the sentence is rejoined.",
        "The harbour board said on Tuesday that the new ferry timetable would start before\nTwitter Facebook Share\nEmail Print Save Comment\nthe summer season begins in June.",
        "The harbour board said on Tuesday that the new ferry timetable would start before the summer season begins in June.",
        [
            ["remove_boilerplate", "share_buttons"],
            ["remove_boilerplate", "share_buttons"],
            ["rejoin_wraps", "broken_sentence"],
        ],
    ),
    case(
        "synthetic-forum-de",
        "German forum chrome: skip link, share pair and a date line; the post stays.",
        "Zum Inhalt springen\nKabel im Keller\n17.10.2017\nHallo,\nbin neu hier und habe eine Frage zu den Kabeln im Keller meines Hauses.\nLink zu diesem Kommentar\nAuf anderen Seiten teilen",
        "Kabel im Keller\nHallo,\nbin neu hier und habe eine Frage zu den Kabeln im Keller meines Hauses.",
        None,
    ),
    case(
        "synthetic-blog-fr",
        "French blog: date header, comment form, 'Lire la suite' glued.",
        "lundi 12 octobre 2020\nRéunion du conseil\nLe conseil municipal se réunira jeudi à la mairie pour voter le budget. Lire la suite\nLaisser un commentaire\nVotre adresse e-mail ne sera pas publiée.",
        "Réunion du conseil\nLe conseil municipal se réunira jeudi à la mairie pour voter le budget.",
        None,
    ),
    case(
        "synthetic-caption-twice",
        "A photo caption printed twice in a row is kept once.",
        "Ferry day\nThe new ferry at the harbour wall. Photo by the author\nThe new ferry at the harbour wall. Photo by the author\n"
        + FERRY[0],
        "Ferry day\nThe new ferry at the harbour wall. Photo by the author\n\n" + FERRY[0],
        [["remove_repeats", "repeated_paragraph"]],
    ),
    case(
        "synthetic-mojibake",
        "UTF-8 read as Windows-1252 is decoded again; curly quotes and entities are left alone.",
        "The cafÃ© opened on Monday â€” after months of work.\nIts “menu” lists tea &amp; cake.",
        "The café opened on Monday — after months of work.\nIts “menu” lists tea &amp; cake.",
        [["fix_unicode", "mojibake"]],
    ),
    case(
        "synthetic-comments-section",
        "Readers' comments after the post go from their header to the end.",
        "A Day at the Lake\n"
        + FERRY[0]
        + " "
        + FERRY[1]
        + "\n"
        + FERRY[2]
        + "\n3 comments:\nAnna said…\nLovely post!\nBen said…\nWe should go too.\nPopular Posts",
        "A Day at the Lake\n" + FERRY[0] + " " + FERRY[1] + "\n" + FERRY[2],
        None,
    ),
]

synthetic.append(
    case(
        "synthetic-sentence-broken-before-name",
        "A long line of prose stopping on a lower-case word before a capitalised name is rejoined.",
        "She dreamed of returning to the coast where she was born. She could often be heard humming\nHarbour Lights by the Sea, a song her father had taught her as a child.",
        "She dreamed of returning to the coast where she was born. She could often be heard humming Harbour Lights by the Sea, a song her father had taught her as a child.",
        [["rejoin_wraps", "broken_sentence"]],
    )
)

negative = [
    case(
        "negative-caption-with-credit",
        "A photo caption ending in its credit stays apart from the paragraph after it.",
        "Volunteers at the mill open day on Saturday. They ground four sacks of wheat. Picture by Mill News\nGuwahati, Jan. 31: The mill reopened to visitors today after two years of repairs.",
        None,
        [],
    ),
    case(
        "negative-form-labels",
        "Repeated short labels of a form or manual ('Description:', column names) are content.",
        "CDD\nDescription:\nCalculates the difference in days between two dates.\nArguments:\nREGION, DATE1, DATE2\nCDT\nDescription:\nCalculates a date from a start date and a number of days.\nArguments:\nREGION, DATE, DAYS",
        None,
        [],
    ),
    case(
        "negative-verse",
        "Verse keeps its lines.",
        "Stopping by the mill\nThe wheel is turning, slow and deep,\nThe miller has his sacks to keep,\nAnd grain to grind before he sleeps,\nAnd miles of road before he sleeps.",
        None,
        [],
    ),
    case(
        "negative-list-and-code",
        "List items, code and a table stay one per line.",
        "For example,\ndouble? first = null;\nresult = first ?? 10.5;\nSteps:\n- weigh the flour\n- sift the flour\n| Item | Price |\n| Flour | 2.00 |",
        None,
        [],
    ),
    case(
        "negative-article-about-cookies-and-sharing",
        "Prose that mentions cookies, comments and sharing is not boilerplate.",
        "Sharing the last cookie\nMy grandmother always said that sharing the last cookie was the true test of a friend.\nShe kept the comments of her neighbours in a notebook, along with her recipes.\nWe use the same cookie cutter every Christmas.",
        None,
        [],
    ),
    case(
        "negative-clean-news",
        "A clean news story in paragraphs.",
        "Mill reopens after flood\n\n" + "\n\n".join(FERRY),
        None,
        [],
    ),
]

known_failures = [
    case(
        "known-break-before-capitalised-word",
        "A line broken only before a linked proper noun ('...bei einem heruntergefahrenen' / 'Raspberry Pi sollte...') is not rejoined: nothing distinguishes it from a caption followed by a paragraph.",
        "Auch bei einem heruntergefahrenen Computer sollte die rote Leuchte an der Vorderseite leuchten, sagt der\nHersteller in seiner Anleitung.",
        "Auch bei einem heruntergefahrenen Computer sollte die rote Leuchte an der Vorderseite leuchten, sagt der Hersteller in seiner Anleitung.",
        None,
        expect="pass",
    ),
    case(
        "known-recurring-page-footer",
        "A PDF page footer label that recurs far apart ('Subroutine Guide') is short, so it is kept as a structural label.",
        "Date Routines\nCalculates the difference in days between two dates.\nUser Guide Page 6 of 60\nSubroutine Guide\nCalculates a date from a start date and a number of days.\nUser Guide Page 7 of 60\nSubroutine Guide\nConverts a Julian date.",
        "Date Routines\nCalculates the difference in days between two dates.\nCalculates a date from a start date and a number of days.\nConverts a Julian date.",
        None,
    ),
    case(
        "known-username-lines",
        "Forum user names on their own line are not recognised as chrome.",
        "Traffic bots\nAmity Slade\nRegistered User\nShow me the term in the policy, please, before you accuse anyone.",
        "Traffic bots\nShow me the term in the policy, please, before you accuse anyone.",
        None,
    ),
]
known_failures.append(
    case(
        "known-verse-refrain",
        "A refrain that repeats a line of verse is removed as a repeated line.",
        "Stopping by the mill\nThe wheel is turning, slow and deep,\nThe miller has his sacks to keep,\nAnd grain to grind before he sleeps,\nAnd grain to grind before he sleeps.",
        None,
        [],
    )
)
# known-break-before-capitalised-word: 'der' is a function word, so it passes; swap for a real failure
known_failures[0] = case(
    "known-break-before-capitalised-word",
    "A line broken only before a linked proper noun is not rejoined: nothing tells it from a caption followed by a paragraph.",
    "Auch bei einem heruntergefahrenen\nRaspberry Pi sollte die rote Leuchte an der Vorderseite noch leuchten.",
    "Auch bei einem heruntergefahrenen Raspberry Pi sollte die rote Leuchte an der Vorderseite noch leuchten.",
    None,
)


def main() -> None:
    for name, cases in [
        ("wild", wild),
        ("synthetic", synthetic),
        ("negative", negative),
        ("known_failures", known_failures),
    ]:
        with open(G / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for c in cases:
                if c["expected"]["text"] is None:
                    c["expected"]["text"] = c["input"]
                if c["expected"]["edits"] is None:
                    del c["expected"]["edits"]
                fh.write(json.dumps(c, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
