"""The worst input of each hostile-input class, at any size: shared by the bound tests and ``bench/worst.py``.

Each case is a request (text) of about ``size`` characters built to hit one class: a scan that
would be quadratic on it, a finding per repeat, a value Python can't turn into a number, a
nesting that would exhaust the stack. ``validate()`` must answer each in bounded time and memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable

QUERY = (
    "action=sendMMS&api_key=k&to=14158586273&from=60856&subject=Hello&name=n"
    "&slide_image_url_0=http://example.com/a.jpg&slide_text_value_0=Hi&slide_duration_0=5"
)
XML = (
    "<REQUEST><ACTION>sendMMS</ACTION><API_KEY>k</API_KEY><TO>14158586273</TO><FROM>60856</FROM>"
    "<SUBJECT>Hello</SUBJECT><NAME>n</NAME><SLIDE><TEXT>Hi</TEXT><DURATION>5</DURATION></SLIDE>{}</REQUEST>"
)
BASE = {
    "action": "sendMMS",
    "api_key": "k",
    "to": "14158586273",
    "from": "60856",
    "subject": "Hello",
    "name": "n",
    "slides": [{"text": "Hi", "duration": 5}],
}


def _runs(piece: str, size: int) -> str:
    return piece * max(1, size // len(piece))


def _json(**extra: object) -> str:
    return json.dumps({**BASE, **extra}, ensure_ascii=False)


def _numbered(template: str, size: int) -> str:
    """``template`` with ``{}`` a running number, repeated to about ``size`` characters."""
    parts, total, number = [], 0, 0
    while total < size:
        part = template.format(number)
        parts.append(part)
        total += len(part)
        number += 1
    return "".join(parts)


#: class → case name → builder of a request of about ``size`` characters.
CASES: dict[str, dict[str, Callable[[int], str]]] = {
    "scans": {
        "query value of blanks": lambda n: QUERY + "&fallbacksmstext=" + _runs(" ", n) + "x",
        "query value of CR LF": lambda n: QUERY + "&fallbacksmstext=" + _runs("\r\n", n) + "x",
        "query name of tabs": lambda n: QUERY + "&" + _runs("\t", n) + "=1",
        "query # line, unclosed ignore[": lambda n: "# " + _runs("mmsvalidate: ignore[", n) + "\n" + QUERY,
        "query # lines of marks": lambda n: _runs("#mmsvalidate:\n", n) + QUERY,
        "xml unclosed comments": lambda n: XML.format(_runs("<!--", n)),
        "xml unclosed CDATA": lambda n: XML.format(_runs("<![CDATA[", n)),
        "xml comment, unclosed ignore[": lambda n: XML.format("<!-- " + _runs("mmsvalidate: ignore[", n) + " -->"),
        "xml comment of blanks after a mark": lambda n: XML.format("<!-- mmsvalidate" + _runs(" ", n) + " -->"),
        "query long unknown names": lambda n: QUERY + _numbered("&{}" + "x" * 100 + "=1", n),
        "json long unknown keys": lambda n: _json(**{f"{i}{'k' * 100}": 1 for i in range(n // 115)}),
        "json string of backslashes": lambda n: _json(fallbacksmstext=_runs("\\", n // 2)),
        "json brackets at the depth limit": lambda n: (
            _json()[:-1] + ', "x": [' + ",".join(["[" * 30 + "]" * 30] * (n // 61)) + "]}"
        ),
    },
    "amplification": {
        "query malformed marks": lambda n: "# " + _numbered("mmsvalidate:{} ", n) + "\n" + QUERY,
        "xml malformed marks": lambda n: XML.format("<!-- " + _numbered("mmsvalidate:{}\n", n) + "-->"),
        "query repeated suppression codes": lambda n: "# mmsvalidate: ignore[" + _runs("E999,", n) + "]\n" + QUERY,
        "query unknown suppression codes": lambda n: "# mmsvalidate: ignore[" + _numbered("X{},", n) + "]\n" + QUERY,
        "xml attributes": lambda n: XML.replace("<TO>", "<TO " + _numbered("a{}" + "b" * 100 + '="" ', n) + ">"),
        "xml unknown elements": lambda n: XML.format(_numbered("<X{0}>" + "y" * 100 + "</X{0}>", n)),
        "query repeated values": lambda n: QUERY + _runs("&to=" + "1" * 100, n),
        "xml long value quoted": lambda n: XML.replace("<TO>14158586273", "<TO>" + _runs("x", n)),
        "json many slides of bad URLs": lambda n: _json(
            slides=[{"image": "ftp://" + "u" * 900, "audio": "x", "video": "y"}] * (n // 1100)
        ),
    },
    "values": {
        "query huge duration": lambda n: QUERY + "&slide_duration_0=" + _runs("9", n),
        "query huge slide number": lambda n: QUERY + "&slide_text_value_" + _runs("9", n) + "=x",
        "json huge integer": lambda n: _json()[:-1] + ', "to": ' + _runs("1", n) + "}",
        "json deep nesting": lambda n: _json()[:-1] + ', "x": ' + "[" * (n // 2) + "]" * (n // 2) + "}",
        "json deep unclosed": lambda n: _json()[:-1] + ', "x": ' + "[" * n,
        "json lone surrogates": lambda n: _json(fallbacksmstext="\ud800" * (n // 6)).replace("\ud800", "\\ud800"),
        "query expiry out of range": lambda n: (
            QUERY.replace("subject=Hello", "subject=" + _runs("s", n - 300))
            + "&mmslink_expiration_date=0001-01-01T00:00:00%2B05:00"
        ),
    },
}


def cases(size: int) -> dict[str, str]:
    """Every case, named ``class: case``, at about ``size`` characters."""
    return {f"{group}: {name}": build(size) for group, built in CASES.items() for name, build in built.items()}
