"""The tiny Markdown subset the résumé text uses: ``**bold**``, ``[text](url)`` and ``\\$``."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Span", "parse_inline", "plain_text"]

_TOKEN = re.compile(r"\*\*(?P<bold>.+?)\*\*|\[(?P<text>[^\]]+)\]\((?P<url>[^)]*)\)")


@dataclass(frozen=True)
class Span:
    """A run of text: ``bold`` or not, and a ``url`` when it is a link with a known address.

    A source link written ``(#)`` lost its address, so its span has ``url=None``.
    """

    text: str
    bold: bool = False
    url: str | None = None


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!$])", r"\1", text)


def parse_inline(text: str) -> list[Span]:
    """Split Markdown ``text`` into spans.

    Examples
    --------
    >>> for span in parse_inline("over **800k RPS** and [text generation](#)"):
    ...     print(span)
    Span(text='over ', bold=False, url=None)
    Span(text='800k RPS', bold=True, url=None)
    Span(text=' and ', bold=False, url=None)
    Span(text='text generation', bold=False, url=None)
    >>> parse_inline(r"**\\$7 million**")
    [Span(text='$7 million', bold=True, url=None)]
    """
    spans: list[Span] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() > pos:
            spans.append(Span(_unescape(text[pos : match.start()])))
        if match.group("bold") is not None:
            spans.append(Span(_unescape(match.group("bold")), bold=True))
        else:
            url = match.group("url").strip()
            spans.append(
                Span(_unescape(match.group("text")), url=url if url not in {"", "#"} else None)
            )
        pos = match.end()
    if pos < len(text):
        spans.append(Span(_unescape(text[pos:])))
    return spans


def plain_text(text: str) -> str:
    """Return ``text`` without its Markdown markup.

    Examples
    --------
    >>> plain_text("Built the [Example Gateway](#), **\\\\$20 million**")
    'Built the Example Gateway, $20 million'
    """
    return "".join(span.text for span in parse_inline(text))
