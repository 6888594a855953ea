"""Repair steps on in-memory documents: each step's codes, offsets and replay."""

from __future__ import annotations

import pytest

from gristmill.document import Document, replay, unreplay
from gristmill.errors import ConfigError
from gristmill.pipeline import Pipeline
from gristmill.steps.repair.boilerplate import RemoveBoilerplate, parse_pattern_files
from gristmill.steps.repair.lines import removal_changes, split_lines
from gristmill.steps.repair.repeats import RemoveRepeats
from gristmill.steps.repair.unicode import FixUnicode
from gristmill.steps.repair.wraps import RejoinWraps

REPAIR = ["normalize_whitespace", "fix_unicode", "remove_boilerplate", "rejoin_wraps", "remove_repeats"]

# A story in the shape of the canonical example: repeats, a hard wrap, a glued "|", a widget.
STORY_LINES = [
    "The harbour board approved the new ferry timetable on Tuesday after a long public consultation.",
    "Ferries will now leave every forty minutes during the summer months, the board said.",
    "Local traders welcomed the change, saying the old timetable left visitors waiting for hours.",
]
WRAPPED = (
    "The chair of the board said that the decision had been delayed because the\n"
    "operator had not provided figures on the number of passengers carried in\n"
    "the winter, when the crossing is often cancelled for days at a time.\n"
)


def run(text: str, steps: list[str] = REPAIR) -> Document:
    doc = Document("d", text)
    Pipeline.from_names(steps).apply([doc])
    return doc


def test_story_once_in_whole_paragraphs():
    text = "\n".join(STORY_LINES) + "\n" + WRAPPED + "\n".join(STORY_LINES[1:]) + " |\nNo comments:\nPost a Comment"
    doc = run(text)
    lines = doc.text.split("\n")
    assert lines[:3] == STORY_LINES
    assert lines[3].startswith("The chair of the board") and lines[3].endswith("at a time.")
    assert len(lines) == 4
    assert replay(text, doc.edits) == doc.text
    assert unreplay(doc.text, doc.edits) == text
    codes = {(e.step, e.code) for e in doc.edits}
    assert ("remove_repeats", "repeated_paragraph") in codes
    assert any(step == "rejoin_wraps" for step, _ in codes)
    assert ("remove_boilerplate", "comment_widget") in codes
    assert ("remove_boilerplate", "glued_separator") in codes


@pytest.mark.parametrize(
    "line, code",
    [
        ("Skip to content", "navigation"),
        ("Posted by Jane Doe at 10:22 AM", "byline"),
        ("Tuesday, September 1, 2009", "date_header"),
        ("lundi 12 octobre 2020", "date_header"),
        ("We use cookies to improve your experience. By continuing you agree.", "cookie_notice"),
        ("Diese Website verwendet Cookies.", "cookie_notice"),
        ("Facebook Twitter Email", "share_buttons"),
        ("Read more »", "related_links"),
        ("Copyright © 2021 Example Media. All rights reserved.", "copyright"),
        ("Subscribe to our newsletter", "subscription"),
        ("Zum Inhalt springen", "navigation"),
        ("Lire la suite", "related_links"),
        ("Deja una respuesta", "comment_widget"),
        ("Leia também: outra notícia", "related_links"),
        ("Lascia un commento", "comment_widget"),
        ("Czytaj dalej", "related_links"),
        ("Читать далее", "related_links"),
        ("|", "separator"),
        ("Home | News | Sport | Weather", "navigation"),
    ],
)
def test_boilerplate_lines(line, code):
    assert RemoveBoilerplate().classify(line) == code


@pytest.mark.parametrize(
    "line",
    [
        "Description:",
        "We walked home at 10:22 AM and posted the letter to my sister.",
        "Select this option if you wish to save a cookie on your computer to stay logged in.",
        "Share prices fell sharply in early trading on Monday.",
        "By the time we arrived the hall was full.",
        "The company uses cookies baked by a local bakery for its meetings.",
        "Name | Price",
    ],
)
def test_content_lines_are_not_boilerplate(line):
    assert RemoveBoilerplate().classify(line) is None


def test_glued_link_and_separator_are_cut():
    step = RemoveBoilerplate()
    text = "It was the best cookie I ever made. Continue reading\nA table cell ends here. |"
    doc = run(text, ["remove_boilerplate"])
    assert doc.text == "It was the best cookie I ever made.\nA table cell ends here."
    assert [e.code for e in doc.edits] == ["glued_link", "glued_separator"]
    assert step.classify("A line about how to continue reading the manual") is None


def test_comment_section_runs_to_the_end_but_only_late_in_the_page():
    post = "\n".join(STORY_LINES)
    text = post + "\n2 comments:\nAnna said...\nLovely post, thanks!\nBen said...\nAgreed."
    doc = run(text, ["remove_boilerplate"])
    assert doc.text == post
    assert {e.code for e in doc.edits} <= {"comment_section", "comment_header"}
    early = "3 comments\n" + post
    assert run(early, ["remove_boilerplate"]).text == post


def test_link_list_under_heading():
    text = STORY_LINES[0] + "\nRecent Posts\n• A walk on the pier\n• Ferry fares go up\n" + STORY_LINES[1]
    doc = run(text, ["remove_boilerplate"])
    assert doc.text == STORY_LINES[0] + "\n" + STORY_LINES[1]


def test_a_link_heading_over_two_subheadings_and_prose_is_a_section_title():
    """A "Links" heading, two short unbulleted lines, then a paragraph right below them: a
    title and subheadings over the text they introduce, not a list of links."""
    text = STORY_LINES[0] + "\nLinks\nImages\nFoo\n" + STORY_LINES[1]
    assert run(text, ["remove_boilerplate"]).edits == []
    listed = STORY_LINES[0] + "\nLinks\nImages\nFoo\nBar\n" + STORY_LINES[1]  # three: a list after all
    assert run(listed, ["remove_boilerplate"]).text == STORY_LINES[0] + "\n" + STORY_LINES[1]


def test_removal_keeps_single_paragraph_breaks():
    for text, drop, want in [
        ("a\n\nX\n\nb", {2}, "a\n\nb"),
        ("a\nX\n\nb", {1}, "a\n\nb"),
        ("X\n\na", {0}, "a"),
        ("a\n\nX", {2}, "a"),
        ("X", {0}, ""),
    ]:
        lines = split_lines(text)
        changes = removal_changes(text, lines, {i: "x" for i in drop})
        out, pos = [], 0
        for c in changes:
            out.append(text[pos : c.start])
            pos = c.end
        out.append(text[pos:])
        assert "".join(out) == want, (text, drop)


def test_rejoin_keeps_structure():
    step = RejoinWraps()
    text = (
        "Shopping list\n- eggs\n- flour\n"
        "Hallo,\nbin neu hier und habe eine Frage zu meinem Vertrag.\n"
        "For example,\ndouble? first = null;\n"
        "| a | b |\n| c | d |\n"
    )
    assert step.repair(text) == []


def test_a_table_drawn_with_box_characters_is_not_rejoined():
    # psql prints a query's result so; the rows start in lower case and end without a mark
    rule = "─" * 30 + "┼" + "─" * 30
    table = f"lower_bound │ upper_bound\n{rule}\n1.2511263318488451 │ 7.4155403348178215\nmean │ deviation"
    wrapped = "\n".join(["we can define a range of acceptable values for the number of visits in the"] * 3)
    assert not [c for c in RejoinWraps().repair(wrapped + "\n" + table) if c.start > len(wrapped)]


def test_rejoin_broken_sentence_and_verse_left_alone():
    text = (
        "She could often be heard singing an old song about the sea when she\nworked in the garden behind the house.\n"
    )
    doc = run(text, ["rejoin_wraps"])
    assert doc.text.count("\n") == 1
    assert [e.code for e in doc.edits] == ["broken_sentence"]
    verse = "The woods are lovely, dark and deep,\nBut I have promises to keep,\nAnd miles to go before I sleep.\n"
    assert run(verse, ["rejoin_wraps"]).edits == []


def test_repeats_short_labels_stay():
    text = "Description:\nThe first item.\nDescription:\nThe second item.\nPrice\nPrice\n"
    doc = run(text, ["remove_repeats"])
    assert doc.text == "Description:\nThe first item.\nDescription:\nThe second item.\nPrice"
    assert [e.code for e in doc.edits] == ["repeated_line"]


def test_repeats_near_exact_and_glued_headline():
    text = (
        "Harbour news\n"
        "Harbour newsThe ferry timetable changes on Monday, the board said today.\n"
        "The ferry timetable changes on Monday -- the board said today!\n"
    )
    doc = run(text, ["remove_repeats"])
    assert doc.text == "Harbour news\nThe ferry timetable changes on Monday, the board said today."
    assert [e.code for e in doc.edits] == ["glued_repeat", "repeated_paragraph"]


def test_truncated_repeat_at_the_end():
    text = STORY_LINES[0] + "\n" + STORY_LINES[1] + "\nThe harbour board approved the new"
    doc = run(text, ["remove_repeats"])
    assert doc.text == STORY_LINES[0] + "\n" + STORY_LINES[1]


# The standard filler text, as a layout template repeats it (Readability's test pages do).
FILLER = (
    "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et "
    "dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip."
)


def test_placeholder_filler_may_repeat_and_prose_may_not():
    tail = "Tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation."
    text = f"Lorem\n{FILLER}\nFoo\n{tail}\nBar\n{FILLER}\n"
    assert run(text, ["remove_repeats"]).edits == []
    story = f"{STORY_LINES[0]}\n{FILLER}\n{STORY_LINES[0]}"
    doc = run(story, ["remove_repeats"])
    assert doc.text == f"{STORY_LINES[0]}\n{FILLER}"
    assert [e.code for e in doc.edits] == ["repeated_paragraph"]


# A document page (written for the test) that prints a search snippet of its text
# (punctuation, numbers and short words stripped), then the text itself, cut off.
FULL = (
    "The harbour board met on 4 May, 2021, to review the ferry timetable: crossings will run every 20 minutes "
    "in summer, and the night service, which had been cut in 2019, returns in June. The board also approved a "
    "new ticket office at the pier, to open by the end of the ye"
)
SNIPPET = (
    "The harbour board met on May to review the ferry timetable crossings will run every minutes in summer "
    "and the night service which had been cut in returns in June The board also approved new ticket office "
    "at the pier to open by the end of the year at a cost of two million"
)


def test_stripped_snippet_before_its_full_text_is_removed():
    doc = run(f"{SNIPPET}\n\n{FULL}", ["remove_repeats"])
    assert doc.text == FULL
    assert [e.code for e in doc.edits] == ["stripped_repeat"]
    # a summary in other words is not a snippet
    summary = "The harbour board met in May and agreed that the night ferry returns in June with a new ticket office."
    assert run(f"{summary}\n\n{FULL}", ["remove_repeats"]).edits == []


# A mailing-list reply (written for the test) that quotes pieces of the post above it.
POST = [
    "Hi all",
    "Our club will move the Thursday rehearsals to the church hall from next month, because the school "
    "needs the music room for exams. The hall has a piano but no stands, so please bring your own.",
    "Parking is behind the hall and is free after six.",
    "Best wishes, Alison",
]
QUOTE = (
    "Our club will move the Thursday rehearsals to the church hall from next month, because the school "
    "needs the music room for exams. Parking is behind the hall and is free after six."
)
REPLY = "Thanks Alison. Could somebody with a car bring the spare stands from the school on the first evening?"


def test_quoted_reply_is_removed_and_the_reply_stays():
    doc = run("\n".join([*POST, "On Monday Alison wrote:", QUOTE, REPLY]), ["remove_repeats"])
    assert QUOTE not in doc.text
    # a blank line keeps the lines around the removed quote from being rejoined as one wrapped paragraph
    assert doc.text == "\n".join([*POST, "On Monday Alison wrote:", "", REPLY])
    assert [e.code for e in doc.edits] == ["quoted_repeat"]
    assert replay(unreplay(doc.text, doc.edits), doc.edits) == doc.text


def test_teaser_before_the_full_paragraph_is_removed():
    full = POST[1] + " Rehearsals start at half past seven and finish at nine."
    teaser = POST[1].replace(",", "").replace(".", "")  # an excerpt that lost its punctuation
    doc = run("\n".join([teaser, "Read the whole notice", full]), ["remove_repeats"])
    assert doc.text == "Read the whole notice\n" + full
    assert [e.code for e in doc.edits] == ["quoted_repeat"]


def test_near_copies_with_a_new_word_and_list_items_stay():
    # the same sentence with one new fact is new text; list items share their wording
    lines = [
        "Bake the loaf for twenty minutes in a hot oven until the top is golden brown and firm to touch.",
        "Bake the rolls for twenty minutes in a hot oven until the top is golden brown and firm to touch.",
        "- Film: The Aviator; director: Martin Scorsese; actor: Jamie Foxx; actress: Hilary Swank; song: Ray",
        "- Film: The Aviator; director: Martin Scorsese; actor: Jamie Foxx; actress: Hilary Swank; song: Sideways",
        "04 09 87 03 09 87 04 09 87 03 09 87 11 12 13",
        "Total 04 09 87 03 09 87 04 09 87 03 09 87 11 12",
    ]
    doc = run("\n".join(lines), ["remove_repeats"])
    assert doc.text == "\n".join(lines)


def test_fix_unicode_mojibake_only():
    doc = run("The cafÃ© opened â€” finally.\nA “curly” quote &amp; an entity stay.", ["fix_unicode"])
    assert doc.text == "The café opened — finally.\nA “curly” quote &amp; an entity stay."
    assert {e.code for e in doc.edits} == {"mojibake"}
    assert FixUnicode().repair("plain ascii text") == []


def test_bad_pattern_files_fail_early():
    with pytest.raises(ConfigError, match="unknown boilerplate code"):
        parse_pattern_files([("x.txt", "[no_such_code]\nfoo\n")])
    with pytest.raises(ConfigError, match="bad pattern"):
        parse_pattern_files([("x.txt", "[byline]\nfoo(\n")])
    with pytest.raises(ConfigError, match="no boilerplate patterns"):
        RemoveBoilerplate.from_config({"languages": ["xx"]})


def test_extra_pattern_file(tmp_path):
    extra = tmp_path / "site.txt"
    extra.write_text("[ad_label]\nsponsored by the mill\n", encoding="utf-8")
    step = RemoveBoilerplate.from_config({"extra_files": [str(extra)], "languages": ["en"]})
    assert isinstance(step, RemoveBoilerplate)
    assert step.classify("Sponsored by the Mill") == "ad_label"


def test_repeats_params_validated():
    with pytest.raises(ConfigError):
        RemoveRepeats.from_config({"min_words": 0})


LONG_LINE = STORY_LINES[0]


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(["Setting up the harbour"] * 3000),  # one heading-like line, over and over
        "\n".join(f"Entry number {i} of the list" for i in range(5000)) * 2,  # a long block printed twice
        "\n".join(f"Heading {i % 50}\n{LONG_LINE} {i}" for i in range(12000)),  # a phrase on every other line
        "\n".join(f"{i % 900}.{i % 7} Section {i % 300}" for i in range(20000)),  # numbered entries, none repeated
    ],
    ids=["same-line", "block-twice", "phrase-everywhere", "numbered"],
)
def test_repeats_on_hostile_long_texts_is_linear(text):
    import time

    t0 = time.perf_counter()
    RemoveRepeats.from_config({}).repair(text)
    assert time.perf_counter() - t0 < 5  # quadratic comparisons would take minutes


def test_a_contents_list_goes_and_its_headings_stay():
    sections = [("Choosing the place", STORY_LINES[0]), ("Digging the hole", STORY_LINES[1]), ("Filling", WRAPPED)]
    body = "\n".join(f"{heading}\n{text.strip()}" for heading, text in sections)
    doc = run("\n".join(heading for heading, _ in sections) + "\n" + body, ["remove_repeats"])
    assert [e.code for e in doc.edits] == ["contents_list"] * 3
    assert doc.text.strip() == body
    assert [e.code for e in run(body + "\n" + body, ["remove_repeats"]).edits].count("contents_list") == 0


def test_link_list_ends_at_the_heading_after_a_bulleted_list():
    text = "Categories\n• Arts\n• Books\n\nDefining Metadata\n\n" + STORY_LINES[0]
    doc = run(text, ["remove_boilerplate"])
    assert doc.text == "Defining Metadata\n\n" + STORY_LINES[0]


def test_function_words_shared_with_english_do_not_join():
    text = "A history of the long and costly war\nAccording to the records, the fighting lasted for years."
    assert run(text, ["rejoin_wraps"]).edits == []


# Shapes met in trafilatura's output of real pages (bench/extract_quality.py): a table,
# a code block, and a list of films that ends each entry with the same sentence.


def test_a_table_row_is_not_a_menu():
    table = (
        "Average temperatures by city:\n"
        "| Location | Jan/Feb (°C) | Jan/Feb (°F) | July (°C) | July (°F) |\n"
        "|---|---|---|---|---|\n"
        "| Auckland | 23/16 | 74/60 | 14/7 | 58/45 |\n"
        "| Wellington | 20/13 | 68/56 | 11/6 | 52/42 |\n"
    )
    assert run(table, ["remove_boilerplate"]).text == table
    assert run("Home | News | Sport | Weather\nThe story.", ["remove_boilerplate"]).text == "The story."


def test_indented_code_lines_may_repeat():
    code = (
        "The nested list serialises like this:\n"
        "    {\n"
        "        list: [\n"
        "            list: [\n"
        "                item: 1\n"
        "    WITH stats AS (SELECT avg(n) AS mean, stddev(n) AS sd FROM samples GROUP BY period)\n"
        "    SELECT period FROM counts JOIN stats USING (period) WHERE n > mean + sd ORDER BY period\n"
        "Then the same query with a window:\n"
        "    WITH stats AS (SELECT avg(n) AS mean, stddev(n) AS sd FROM samples GROUP BY period)\n"
        "    SELECT period FROM counts JOIN stats USING (period) WHERE n > mean + 2 * sd ORDER BY period\n"
    )
    assert run(code, ["remove_repeats"]).text == code


def test_a_sentence_that_only_shares_its_pattern_is_no_quoted_copy():
    films = (
        "Lady Bird\n"
        "A mother and her daughter argue their way through a last year of school in Sacramento.\n"
        "Lady Bird is currently streaming on Hulu and available to digitally rent on Google Play and YouTube.\n"
        "Columbus\n"
        "A quiet film about modernist buildings, grief and friendship in a small town in Indiana.\n"
        "Columbus is currently streaming on Hulu and available to digitally rent on Google Play and YouTube.\n"
    )
    assert run(films, ["remove_repeats"]).text == films
    quoted = (
        "The council approved the budget for the new library on Tuesday after a long debate.\n"
        "approved the budget for the new library on Tuesday after a long debate\n"
    )
    assert run(quoted, ["remove_repeats"]).text.count("approved the budget") == 1  # a teaser copy still goes


def test_indented_newswire_repeat_is_removed_and_indented_code_stays():
    # a wire story (written for the test) indents every paragraph and printed two of them twice
    paragraphs = [
        "    The harbour board said the proposed timetable would not cover the winter crossings to the islands.",
        "    It said the operator and the council were keen to encourage a single ticket for ferries and "
        "buses on the same route.",
    ]
    story = "\n".join(["FERRY TIMETABLE AGREED", *paragraphs, "    The board meets again in May.", *paragraphs])
    doc = run(story, ["remove_repeats"])
    assert doc.text.count("winter crossings") == 1 and doc.text.count("single ticket") == 1
    code = "    for item in items: total = total + item.price * item.count + shipping_cost(item, region)"
    listing = "\n".join([code, "print(total)", code])
    assert run(listing, ["remove_repeats"]).text == listing


def test_a_printed_page_break_of_a_government_text_edition_goes():
    text = (
        "The Senate met at 10 a.m. and was called to order by the presiding officer.\n\n"
        "[[Page 23961]]\n\n"
        "The Chaplain offered the following prayer.\n"
        "The clerk quoted [[Page 12]] as the source.\n"
    )
    doc = run(text, ["remove_boilerplate"])
    assert [(e.code, e.removed.strip()) for e in doc.edits] == [("page_marker", "[[Page 23961]]")]


def test_logo_alt_text_and_a_row_of_icon_titles_are_page_furniture():
    icons = "search previous next tag category expand menu location phone mail time cart zoom edit close"
    text = "fylde counterbalance logo\n" + icons + "\n" + STORY_LINES[0] + "\nWe changed the logo on Monday.\n"
    doc = run(text, ["remove_boilerplate"])
    assert doc.text == STORY_LINES[0] + "\nWe changed the logo on Monday.\n"
    assert {e.code for e in doc.edits} == {"ad_label", "navigation"}


def test_comments_closed_by_like_buttons_go_with_them():
    post = "\n".join(STORY_LINES)
    comments = "Lovely post, thank you!\nLikeLiked by 1 person\nMe too!\nLikeLiked by 2 people\n"
    doc = run(post + "\n" + comments, ["remove_boilerplate"])
    assert doc.text == post  # the removal takes the line break before it too
    one = post + "\nLovely post, thank you!\nLikeLiked by 1 person\n"  # one button: only the button goes
    assert run(one, ["remove_boilerplate"]).text == post + "\nLovely post, thank you!"


def test_forum_banners_and_a_copyright_field_go():
    text = (
        "Welcome to the Second Life Forums Archive\n"
        "These forums are CLOSED. Please visit the new forums HERE\n"
        "Copyright: see Section 5\n" + STORY_LINES[0] + "\nWelcome to the village, said the miller's wife.\n"
    )
    doc = run(text, ["remove_boilerplate"])
    assert doc.text == STORY_LINES[0] + "\nWelcome to the village, said the miller's wife.\n"


def test_a_german_forum_thread_description_goes():
    seo = (
        "Diskutiere Kabelbrand nach Laden im Bautechnik Forum im Bereich Technische Abteilung; "
        "Hallo, bin neu hier und habe folgende Frage..."
    )
    post = "Hallo, bin neu hier und habe folgende Frage: darf mein Mieter sein Auto im Wohnzimmer laden?"
    doc = run(seo + "\n" + post, ["remove_boilerplate"])
    assert doc.text == post and [e.code for e in doc.edits] == ["navigation"]


WORDPRESS_TAIL = [
    "Share this:",
    "Share on Facebook",
    "Like this:",
    "Like Loading...",
    "Leave a Reply Cancel reply",
    "Your email address will not be published. Required fields are marked *",
    "Comment *",
    "Name *",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Notify me of follow-up comments by email.",
    "Δ",
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    "« Previous post",
    "Labels: cooking, baking",
    "5 min read",
]
NEWS_AND_FORUM_FURNITURE = [
    "Media playback is unsupported on your device",
    "Reporting by John Smith and Mary Jones in London; Editing by Jane Doe",
    "Recommended for you",
    "Reply With Quote",
    "All times are GMT -5. The time now is 10:22 AM.",
    "Users browsing this forum: No registered users and 1 guest",
    "Last edited by John; 01-05-2021 at 10:22 AM.",
    "Be the first to review this product",
    "This is a modal window.",
    "Loading Comments...",
    "Unfortunately, this video is not available in your region.",
    "Linux is a registered trademark of Linus Torvalds",
    "|  |  |  |",
]
WORDPRESS_TAIL_ELSEWHERE = [
    "Gefällt mir:",
    "Teilen mit:",
    "J’aime chargement…",
    "Compartir esto:",
    "Mi piace Caricamento...",
    "Udostępnij:",
    "Поделиться:",
    "Diese Website verwendet Akismet, um Spam zu reduzieren.",
]


@pytest.mark.parametrize(
    "tail",
    [WORDPRESS_TAIL, WORDPRESS_TAIL_ELSEWHERE, NEWS_AND_FORUM_FURNITURE],
    ids=["en", "other-languages", "news-and-forums"],
)
def test_page_furniture_goes_line_by_line(tail):
    text = "\n".join(STORY_LINES) + "\n" + "\n".join(tail)
    assert run(text, ["remove_boilerplate"]).text == "\n".join(STORY_LINES)


def test_credits_and_prompts_need_their_exact_shape():
    prose = [
        "Reporting by a junior staff member was praised.",
        "We want to hear from you about the new park, the mayor said.",
        "Editing by hand takes hours.",
        "The video showed the moment the bridge collapsed.",
    ]
    assert run("\n".join(prose), ["remove_boilerplate"]).edits == []


def test_a_wordpress_comment_thread_goes_and_quoted_speech_stays():
    post = "\n".join(STORY_LINES)
    thread = (
        "One thought on “The new timetable”\n"
        "Anna Smith says:\nJanuary 5, 2021 at 10:22 am\nFinally, a ferry I can catch!\nReply\n"
        "Ben says:\nJanuary 6, 2021 at 9:01 am Reply\nAgreed.\n"
    )
    assert run(post + "\n" + thread, ["remove_boilerplate"]).text == post
    speech = post + "\nHe says:\nThe boats will be full.\nShe says:\nThey will not.\n"
    assert run(speech, ["remove_boilerplate"]).edits == []
    roundup = post + "\nJohn Smith says:\nThe boats will be full.\nMary Jones says:\nThey will not.\n"
    assert run(roundup, ["remove_boilerplate"]).edits == []  # no comment date under the names: quotations


def test_a_wikipedia_edit_link_left_on_a_heading_goes():
    doc = run("Community[edit]\n" + STORY_LINES[0], ["remove_boilerplate"])
    assert doc.text == "Community\n" + STORY_LINES[0] and [e.code for e in doc.edits] == ["glued_link"]


def test_teaser_bylines_go_only_in_pairs():
    listing = (
        "Politicando 22 abr 2024\nPetistas seguem insatisfeitos com o Incra\nPoliticando\n"
        "A troca de cadeira no Incra deu esperança aos movimentos de luta pela terra.\n"
        "Blog do Roberto Ventura 21 abr 2024\nVereador lança pré-candidatura em Messias\n"
        "Cerca de duzentas pessoas compareceram na manhã deste sábado.\n"
    )
    doc = run(listing, ["remove_boilerplate"])
    assert "abr 2024" not in doc.text and "\nPoliticando\n" not in doc.text
    assert "Vereador lança" in doc.text and {e.code for e in doc.edits} == {"teaser_byline"}
    one = "Rome 22 April 2024\n" + STORY_LINES[0]  # a single dated heading stays
    assert run(one, ["remove_boilerplate"]).edits == []


def test_every_whole_line_pattern_can_be_gated_without_trying_every_line():
    """A whole-line pattern whose gate starts with "any character" flags every line of
    every text and takes remove_boilerplate back to its old speed (correct, but 3x slower):
    such a pattern must be written with a `.{0,N}` prefix instead (see the data README)."""
    from gristmill.steps.repair import boilerplate as b

    texts = [
        (f"{lang}.txt", (b._data_dir() / f"{lang}.txt").read_text()) for lang in ["common", *b.available_languages()]
    ]
    wide = []
    for code, patterns in b.parse_pattern_files(texts).items():
        for pattern in patterns:
            if code.startswith("glued_") or b._ANYWHERE.match(pattern):
                continue
            forward, backward = b.start_sequences(pattern), b.start_sequences(pattern, reverse=True)
            chosen = backward if b._specificity(backward) > b._specificity(forward) else forward
            if chosen is None or any(seq and b._wide(seq[0]) for seq in chosen):
                wide.append((code, pattern))
    assert wide == []
