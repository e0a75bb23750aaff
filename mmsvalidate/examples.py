"""A failing and a fixed request for every code an offline check raises, for ``explain`` and SARIF.

Most examples are models, so ``explain`` can show them in any form; the few that need what a
model cannot hold (a parse error, an unknown name, a repeat, an attribute, a suppression comment)
are request text, written in each form that can raise the code. A test checks that each failing
example raises its code and each fixed one raises nothing, in every form it is given in.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mmsvalidate import writers
from mmsvalidate.model import Request, Slide

_SITE = "http://www.example.com"
BASE = Request(
    action="sendMMS",
    api_key="ea7966f90de2bf520e3f0042053e6ec3",
    to="14158586273",
    from_="60856",
    subject="Free coupon!",
    name="Membership coupon",
    slides=(Slide(image=f"{_SITE}/images/welcome.jpg", text="Hi! Thank you for joining us!", duration="5"),),
)
_XML = writers.to_xml(BASE)
_TEXT = "Hi! Thank you for joining us!"


@attrs.frozen
class Variant:
    """The same fault written in another form (request text), with what the note says for that form."""

    form: str
    note: str
    failing: str
    fixed: str


@attrs.frozen
class Example:
    """A request that raises ``code`` and the same request fixed, with what changed and why.

    ``failing`` and ``fixed`` are models, or request text in ``form``; ``variants`` give request text in
    the other forms that raise the code. ``profile`` holds the :class:`mmsvalidate.Profile` fields both
    are checked with (an account setting the code needs).
    """

    code: str
    note: str
    failing: Request | str
    fixed: Request | str
    form: str = "xml"
    profile: tuple[tuple[str, object], ...] = ()
    variants: tuple[Variant, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """The forms the example can be shown in."""
        if isinstance(self.failing, Request):
            return tuple(writers.WRITERS)
        return (self.form, *(variant.form for variant in self.variants))

    def note_in(self, form: str | None = None) -> str:
        """What the example shows, said for ``form`` (the example's own by default)."""
        return next((v.note for v in self.variants if v.form == form), self.note)

    def text(self, which: str, form: str | None = None) -> str:
        """The ``failing`` or ``fixed`` request as text, in ``form`` (the example's own by default)."""
        request = self.failing if which == "failing" else self.fixed
        form = form or self.form
        if isinstance(request, str):
            if form == self.form:
                return request
            for variant in self.variants:
                if variant.form == form:
                    return variant.failing if which == "failing" else variant.fixed
            raise ValueError(f"the {self.code} example exists only in the {', '.join(self.forms)} form")
        if form == "query":
            return writers.to_query(request, multiline=True)
        return writers.WRITERS[form](request)

    def options(self) -> dict[str, object]:
        """The profile fields as keyword arguments."""
        return dict(self.profile)


def _slides(*slides: Slide) -> Request:
    return attrs.evolve(BASE, slides=slides)


def _with(**changes: object) -> Request:
    return attrs.evolve(BASE, **changes)  # type: ignore[arg-type]


def _image(url: str) -> Request:
    return _slides(Slide(image=url, text=_TEXT, duration="5"))


def _before(tag: str, lines: str) -> str:
    return _XML.replace(f"    <{tag}>", f"    {lines}\n    <{tag}>", 1)


_QUERY = writers.to_query(BASE, multiline=True)
_JSON = writers.to_json(BASE)


def _query_before(name: str, line: str) -> str:
    return _QUERY.replace(f"\n&{name}=", f"\n&{line}\n&{name}=", 1)


def _json_before(key: str, line: str) -> str:
    return _JSON.replace(f'\n  "{key}": ', f'\n  {line},\n  "{key}": ', 1)


_VCARD = f"{_SITE}/cards/shop.vcf"
_LONG_FALLBACK = (
    "Hi! Thank you for joining us! As a new member you get a free coupon: show this message at any of our "
    "stores before the end of the month and get 20% off your next purchase."
)

EXAMPLES: Mapping[str, Example] = {
    example.code: example
    for example in (
        Example("E100", "API_KEY is one of the variables every request needs.", _with(api_key=None), BASE),
        Example(
            "E108", "Every element closes with its own name, in the same case.", _XML.replace("</TO>", "</To>"), _XML
        ),
        Example(
            "E110",
            "TO is digits only, country code first: no '+' or '00'.",
            _with(to="+14158586273"),
            BASE,
        ),
        Example("E111", "FROM is the account's shortcode (3 to 8 digits) or longcode.", _with(from_="12"), BASE),
        Example(
            "E114",
            "The account has blocked this receiver; send to another number.",
            BASE,
            _with(to="14158586274"),
            profile=(("blocked_numbers", ("14158586273",)),),
        ),
        Example(
            "E223",
            "One object (vCard, iCal, PDF, Passbook) per slide: give the second its own slide.",
            _slides(Slide(vcard=_VCARD, pdf=f"{_SITE}/docs/coupon.pdf", text=_TEXT)),
            _slides(Slide(vcard=_VCARD, text=_TEXT), Slide(pdf=f"{_SITE}/docs/coupon.pdf")),
        ),
        Example(
            "E224",
            "A slide with an object holds no image, audio or video: move the object to a slide of its own.",
            _slides(Slide(image=f"{_SITE}/images/welcome.jpg", vcard=_VCARD, text=_TEXT)),
            _slides(Slide(image=f"{_SITE}/images/welcome.jpg", text=_TEXT), Slide(vcard=_VCARD)),
        ),
        Example(
            "E225",
            "The account allows at most this many slides: merge or drop slides.",
            _slides(Slide(text="One"), Slide(text="Two"), Slide(text="Three")),
            _slides(Slide(text="One"), Slide(text="Two and three")),
            profile=(("max_slides", 2),),
        ),
        Example(
            "E226",
            "A slide holds audio or video, not both: put the video on a slide of its own.",
            _slides(Slide(audio=f"{_SITE}/audio/jingle.mp3", video=f"{_SITE}/video/intro.mp4", text=_TEXT)),
            _slides(Slide(audio=f"{_SITE}/audio/jingle.mp3", text=_TEXT), Slide(video=f"{_SITE}/video/intro.mp4")),
        ),
        Example(
            "E227",
            "A slide holds video or an image, not both: put the video on a slide of its own.",
            _slides(Slide(image=f"{_SITE}/images/welcome.jpg", video=f"{_SITE}/video/intro.mp4", text=_TEXT)),
            _slides(Slide(image=f"{_SITE}/images/welcome.jpg", text=_TEXT), Slide(video=f"{_SITE}/video/intro.mp4")),
        ),
        Example(
            "E228",
            "The text of all slides together stays within the account's limit.",
            _slides(Slide(text=_TEXT), Slide(text="As a new member, here's a free coupon!")),
            _slides(Slide(text="Welcome!"), Slide(text="Here's a free coupon!")),
            profile=(("max_total_text", 40),),
        ),
        Example(
            "E229",
            "Each slot takes its own kind of file: an MP3 is AUDIO, not IMAGE.",
            _image(f"{_SITE}/audio/jingle.mp3"),
            _slides(Slide(audio=f"{_SITE}/audio/jingle.mp3", text=_TEXT, duration="5")),
        ),
        Example(
            "E230",
            "DURATION is whole seconds within the account's bounds (1 to 60 by default).",
            _slides(Slide(image=f"{_SITE}/images/welcome.jpg", text=_TEXT, duration="0")),
            BASE,
        ),
        Example(
            "E241",
            "A content URL is absolute http(s), or the API has nothing to fetch.",
            _image("www.example.com/images/welcome.jpg"),
            BASE,
        ),
        Example("E311", "NAME is required and not empty.", _with(name=None), BASE),
        Example("E312", "A request has at least one slide.", _slides(), BASE),
        Example(
            "E313",
            "A slide holds a medium, an object or text; a duration alone is not content.",
            _slides(BASE.slides[0], Slide(duration="5")),
            BASE,
        ),
        Example(
            "E334",
            "One slide's text stays within the account's limit (5,000 characters by default).",
            BASE,
            _slides(Slide(image=f"{_SITE}/images/welcome.jpg", text="Thanks for joining!", duration="5")),
            profile=(("max_slide_text", 20),),
        ),
        Example(
            "E617",
            "MMSLINK_EXPIRATION_DATE is an ISO 8601 date or date-time that has not passed.",
            _with(mmslink_expiration_date="2020-01-31"),
            _with(mmslink_expiration_date="2099-12-31"),
        ),
        Example(
            "E622",
            "Without a SUBJECT, FALLBACKSMSTEXT is required: the text sent when MMS can't be.",
            _with(subject=None),
            _with(subject=None, fallbacksmstext="Your free coupon is waiting for you."),
        ),
        Example(
            "E629",
            "The API recognises no content type for this file extension: send a type it takes.",
            _slides(Slide(pdf=f"{_SITE}/docs/coupon.docx", text=_TEXT)),
            _slides(Slide(pdf=f"{_SITE}/docs/coupon.pdf", text=_TEXT)),
        ),
        Example(
            "E650",
            "The account requires OPERATORID.",
            BASE,
            _with(operatorid="000189"),
            profile=(("require_operator_id", True),),
        ),
        Example(
            "E718",
            'The account has "Enforce Campaign Check" on: CAMPAIGNREF is required.',
            BASE,
            _with(campaignref="Campaign123"),
            profile=(("enforce_campaign_check", True),),
        ),
        Example(
            "E721",
            "CAMPAIGNREF names one of the account's campaigns.",
            _with(campaignref="Campaign124"),
            _with(campaignref="Campaign123"),
            profile=(("known_campaign_refs", ("Campaign123",)),),
        ),
        Example(
            "MV101",
            "Element names are exactly the spec's: CAMPAIGNREF has no underscore.",
            _before("NAME", "<CAMPAIGN_REF>Campaign123</CAMPAIGN_REF>"),
            _before("NAME", "<CAMPAIGNREF>Campaign123</CAMPAIGNREF>"),
            variants=(
                Variant(
                    "query",
                    "Parameter names are the spec's (in any case): campaignref has no underscore.",
                    _query_before("name", "campaign_ref=Campaign123"),
                    _query_before("name", "campaignref=Campaign123"),
                ),
                Variant(
                    "json",
                    "Keys are the spec's parameter names in lower case, exactly: campaignref, not campaignRef.",
                    _json_before("name", '"campaignRef": "Campaign123"'),
                    _json_before("name", '"campaignref": "Campaign123"'),
                ),
            ),
        ),
        Example(
            "MV102",
            "Give each value once: only one TO is used (XML keeps the first).",
            _before("FROM", "<TO>14158586274</TO>"),
            _XML,
            variants=(
                Variant(
                    "query",
                    "Give each value once: only one to is used (the query form keeps the last, as servers do).",
                    _query_before("to", "to=14158586274"),
                    _QUERY,
                ),
                Variant(
                    "json",
                    "Give each value once: only one to is used (JSON keeps the last).",
                    _json_before("to", '"to": "14158586274"'),
                    _JSON,
                ),
            ),
        ),
        Example(
            "MV103",
            "The API strips parameters from content URLs: put what they say in the file's path.",
            _image(f"{_SITE}/images/welcome.jpg?campaign=spring"),
            _image(f"{_SITE}/images/spring/welcome.jpg"),
        ),
        Example(
            "MV104",
            "FROM_MASK is not supported for receivers in the United States: leave it out.",
            _with(from_mask="Shop"),
            BASE,
        ),
        Example(
            "MV105",
            "FROM_MASK is at most 11 letters, digits, '_' or '-'.",
            _with(to="442071838750", from_mask="Shop Shop Shop!"),
            _with(to="442071838750", from_mask="Shop"),
        ),
        Example("MV106", "DISABLEFALLBACKSMSLINK is 'yes' or 'no'.", _with(disablefallbacksmslink="true"), BASE),
        Example(
            "MV107",
            "SUBJECT stays within the account's length (80 by default).",
            _with(subject="Free coupon for every new member of our club: show this message at any of our stores!"),
            BASE,
        ),
        Example(
            "MV108",
            "FALLBACKSMSTEXT longer than one SMS is sent as several, each one billed.",
            _with(fallbacksmstext=_LONG_FALLBACK),
            _with(fallbacksmstext="Hi! Thank you for joining us! Your free coupon is waiting."),
        ),
        Example(
            "MV109",
            "TO is a possible number but not a valid one in its country's numbering plan.",
            _with(to="15551234888"),
            BASE,
        ),
        Example(
            "MV110",
            "Without a file extension, the content type can only be judged by the API.",
            _image(f"{_SITE}/images/welcome"),
            BASE,
        ),
        Example(
            "MV111",
            "Elements carry no attributes: the API reads only element text.",
            _XML.replace("<TO>", '<TO type="international">'),
            _XML,
        ),
        Example(
            "MV116",
            "A value is plain text: the API does not read markup inside it, nor the text inside the markup.",
            _XML.replace(f"<TEXT>{_TEXT}</TEXT>", "<TEXT>Hi!<BR/>Thank you for <B>joining</B> us!</TEXT>"),
            _XML,
        ),
        Example(
            "MV112",
            "Past a reading limit the request is not checked: keep requests within the limits.",
            _slides(Slide(text="One"), Slide(text="Two"), Slide(text="Three")),
            _slides(Slide(text="One"), Slide(text="Two and three")),
            profile=(("max_slides_read", 2),),
        ),
        Example(
            "MV113",
            "The suppression comment silences a code the request does not raise: remove it.",
            "<!-- mmsvalidate: ignore[E226] -->\n" + _XML,
            _XML,
            variants=(
                Variant(
                    "query",
                    "The suppression line silences a code the request does not raise: remove it.",
                    "# mmsvalidate: ignore[E226]\n" + _QUERY,
                    _QUERY,
                ),
                Variant(
                    "json",
                    "The $mmsvalidate key silences a code the request does not raise: remove it.",
                    _json_before("action", '"$mmsvalidate": {"ignore": ["E226"]}'),
                    _JSON,
                ),
            ),
        ),
    )
}
