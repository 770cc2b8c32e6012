"""Cleaning: boilerplate lines, trailing reader comments, whitespace; sample corpus check."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwatch.ingest import clean, ingest_bytes, ingest_paths
from eventwatch.ingest.clean import is_boilerplate
from eventwatch.models import Document

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"

YEMEN = """Skip to main content
Home | World | Middle East

Houthi forces seize district in Al Bayda

Houthi fighters took control of the Nati district in Al Bayda province on Wednesday after two days of clashes with government forces, military sources said.

Advertisement

The government army said it had withdrawn to positions south of the district to avoid civilian casualties, while tribal leaders said at least 15 fighters from both sides had been killed.

Share on Facebook
Share on Twitter
Subscribe to our daily briefing

The fighting comes as the United Nations pushes for a ceasefire ahead of the holy month of Ramadan.
Read more
Related articles
Follow us on Telegram
Cookie settings
© 2021 Example News. All rights reserved.
Back to top
"""

SAHEL_WITH_COMMENTS = """Mali army says it killed dozens of militants near Menaka

Malian troops backed by aircraft killed dozens of militants in an operation east of Menaka, the army said in a statement on Monday.

The operation followed a series of attacks on villages in the area that forced thousands of people to flee towards Menaka town, according to local officials.

The army said two soldiers were wounded and that weapons and motorcycles had been seized.

Aid groups have warned that the humanitarian situation in the region is deteriorating as roads are cut off.
Great news!!
I have been waiting for this for years. Finally some justice for the villagers!
Colonel Diallo, will you now protect the roads to Ansongo as well?
Reply
"""

UKRAINE_WITH_HEADER = """Shelling cuts water supply in Mykolaiv

Russian shelling damaged a water pipeline serving Mykolaiv on Saturday, leaving parts of the city without running water, the mayor said.

Repair crews were working to restore the supply, he added.

4 Comments
Leave a Reply
sasha_k says:
Terrible. Stay strong Mykolaiv
March 3, 2022 at 10:15 pm
Reply
"""

OPED_ENDING = """Why the Sahel ceasefire will not hold

The ceasefire agreed in Bamako last week has already been broken twice, according to monitors.

Armed groups that were not party to the talks have continued to attack army posts in the north.

I think the agreement was doomed from the start, because the main armed groups were never at the table.

Will the guarantors act before the rainy season ends?
"""

QUOTE_ENDING = """Protesters gather in Kyiv

Several thousand people gathered in central Kyiv on Sunday to demand the release of prisoners of war.

Organisers said the rally was the largest since the spring.

"We will not stop until every one of them is home!" said one protester, whose son is held in Olenivka.
"""


def test_boilerplate_lines_removed_and_recorded() -> None:
    c = clean(YEMEN)
    assert c.text.startswith("Home | World | Middle East\n\nHouthi forces seize district in Al Bayda")
    for junk in ("Skip to main content", "Advertisement", "Share on", "Subscribe", "Read more", "Related articles",
                 "Follow us", "Cookie", "All rights reserved", "Back to top"):
        assert junk not in c.text
    assert "at least 15 fighters from both sides had been killed" in c.text
    assert c.text.endswith("ahead of the holy month of Ramadan.")
    assert "\n\n\n" not in c.text
    assert all(r.kind == "boilerplate" for r in c.removed)
    for r in c.removed:
        assert YEMEN[r.start : r.end] == r.text


def test_is_boilerplate_only_whole_short_lines() -> None:
    assert is_boilerplate("  » READ MORE «  ")
    assert is_boilerplate("Share on WhatsApp")
    assert not is_boilerplate("Subscribers in Kharkiv lost their internet connection after the strike.")
    assert not is_boilerplate(
        "Click here to read more was the only text on the seized laptop, which investigators said belonged "
        "to a commander of the armed group operating around Tillaberi and Ouallam."
    )


def test_trailing_reader_comments_removed() -> None:
    c = clean(SAHEL_WITH_COMMENTS)
    assert c.text.endswith("as roads are cut off.")
    assert "Great news" not in c.text and "Colonel Diallo" not in c.text
    [com] = [r for r in c.removed if r.kind == "comments"]
    assert com.text.startswith("Great news!!") and com.text.endswith("Reply")
    assert SAHEL_WITH_COMMENTS[com.start : com.end] == com.text


def test_comment_section_header_cuts_rest() -> None:
    c = clean(UKRAINE_WITH_HEADER)
    assert c.text.endswith("Repair crews were working to restore the supply, he added.")
    assert "sasha_k" not in c.text


def test_article_endings_are_not_taken_for_comments() -> None:
    assert clean(OPED_ENDING).text == OPED_ENDING.strip()
    assert clean(QUOTE_ENDING).text == QUOTE_ENDING.strip()
    byline = "Troops were deployed to Gao on Monday, officials said.\n\nMore troops arrived Tuesday.\n\nThe army said the situation was calm.\n\nReporting by Amadou Traore; Editing by Jane Doe\n"
    assert clean(byline).text == byline.strip()


INTERVIEW_ENDING = """Interview: a Mariupol evacuee

Olena, 54, left Mariupol in April with her two grandchildren and now lives in Zaporizhzhia.

The interview has been edited for length.

Q: Do you want to go back?
A: I hope so! Every day I dream about our flat.
Q: What do you need most now?
A: Work, and news of my son.
"""


def test_interview_and_social_media_endings_are_kept() -> None:
    assert clean(INTERVIEW_ENDING).text == INTERVIEW_ENDING.strip()
    post = ("Drones hit Odesa port overnight, the navy said.\n\nTwo grain silos were damaged.\n\n"
            "The governor said the fires were out by morning.\n\nThe mayor wrote on Telegram: We will rebuild!\n"
            "Odesa stands!\n")
    assert clean(post).text == post.strip()  # a lone exclamation after a "wrote" line is article text


def test_whitespace_normalised_minimally() -> None:
    c = clean("Line one.   \r\n\r\n\r\n\r\nLine two.\t\rLine three.\n\n")
    assert c.text == "Line one.\n\nLine two.\nLine three."


def test_seed_articles_cleaned() -> None:
    out = {d.doc: d for d in ingest_paths([SEEDS]) if isinstance(d, Document)}
    assert len(out) == 5
    for d in out.values():
        raw = (SEEDS / f"{d.doc}.txt").read_text(encoding="utf-8")
        assert d.published is not None and d.publisher
        # the body is kept: every cleaned line comes from the raw article
        assert all(line in raw for line in d.text.splitlines())
        assert len(d.text) > 0.8 * len(raw)
    d004 = out["004_5e6318720ed9760b"]
    assert "yes excellent!!" not in d004.text and "Viva Syria" not in d004.text and "Erdogan is ought" not in d004.text
    assert d004.text.endswith("prefer taking selfies to digging trenches.")
    d002 = out["002_89bfdaa88e05903a"]
    assert "skip to Main Content" not in d002.text and "Back To Top" not in d002.text
    assert d002.text.startswith("Syria, Russia-Turkey joint patrols in Idlib are not working")
    d001 = out["001_7224d53fb15c7960"]
    assert not d001.text.rstrip().endswith("Source") and d001.text.endswith("award-winning\xa0journalist")
    assert out["003_59884e9cdb735a31"].text.endswith("Reporting by Bara’ al-Shami")
    assert out["000_6e1d4fcc668dd1ab"].text == (SEEDS / "000_6e1d4fcc668dd1ab.txt").read_text(encoding="utf-8").strip()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_clean_never_raises_and_keeps_only_input_lines(text: str) -> None:
    c = clean(text)
    for line in c.text.splitlines():
        assert line in text
    for r in c.removed:
        assert r.start is not None and text[r.start : r.end] == r.text


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600), st.sampled_from(["x.txt", "x.html", "x.json", "x.jsonl", "x.xml", "x"]))
def test_ingest_never_raises_on_arbitrary_bytes(data: bytes, name: str) -> None:
    for r in ingest_bytes(data, name):
        assert isinstance(r, Document) or ("\n" not in r.reason and r.reason)


_LINES = [
    "Troops shelled the village of Kramatorsk outskirts on Monday, officials said.", "", "Reply", "Great!!",
    "I agree with you", "Why, Mr President?", "Share on Twitter", "Read more", "3 Comments", "Leave a Reply",
    "The army said the road was reopened.", "Source", "Viva!", "March 3, 2022 at 10:15 pm", "  ", "\t",
    '"We will hold the line!" the commander said.', "Q: When?", "A: Soon!",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=25), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_clean_on_article_like_inputs(lines: list[str], sep: str) -> None:
    text = sep.join(lines)
    c = clean(text)
    for line in c.text.splitlines():
        assert line in text
    for r in c.removed:
        assert text[r.start : r.end] == r.text
    assert "\n\n\n" not in c.text and "\r" not in c.text
