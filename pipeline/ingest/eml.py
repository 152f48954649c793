"""E-mail (.eml), mostly vendor notices: sender organisation, subject, Date:, text/plain first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from functools import cache
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from pipeline.document import Document, normalise_text
from pipeline.ingest.base import IngestFailure, Item, Source, clean_field
from pipeline.ingest.dates import parse_date
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.kinds import (
    is_webmail,
    kind_from_title,
    line_patterns,
    normalise_kind,
    registrable_domain,
    resources,
)

_SIGNATURE = re.compile(r"^-- ?$")
# Header limits, checked on the raw bytes before the parser sees them: the parser's memory
# grows faster than a header's length (a Subject of 20 000 encoded words took 4 GB). Real
# mail stays far below: a Subject is under 1 KB, a long Received chain under 64 KB.
MAX_HEADER_BYTES = 256 * 1024
MAX_HEADER_FIELDS = 1000
MAX_FIELD_BYTES = 16 * 1024
MAX_HTML_PART_CHARS = 8 * 1024 * 1024
_HEADER_END = re.compile(rb"\r?\n\r?\n")


def check_headers(raw: bytes) -> None:
    """Refuse a message whose header block, header count or any one (unfolded) header is
    past its limit, with a `HeaderTooLarge` failure saying which."""
    end = _HEADER_END.search(raw, 0, MAX_HEADER_BYTES + 4)
    if end is None and len(raw) > MAX_HEADER_BYTES:
        raise IngestFailure("parse", "HeaderTooLarge",
                            f"no end of headers in the first {MAX_HEADER_BYTES} bytes")
    block = raw[:end.start()] if end else raw
    fields = re.split(rb"\r?\n(?![ \t])", block)
    if len(fields) > MAX_HEADER_FIELDS:
        raise IngestFailure("parse", "HeaderTooLarge",
                            f"{len(fields)} header fields (limit {MAX_HEADER_FIELDS})")
    for field in fields:
        if len(field) > MAX_FIELD_BYTES:
            name = field.split(b":", 1)[0][:40].decode("ascii", "replace")
            raise IngestFailure("parse", "HeaderTooLarge",
                                f"header {name!r} of {len(field)} bytes "
                                f"(limit {MAX_FIELD_BYTES})")


def sender(message: EmailMessage) -> tuple[str | None, str | None]:
    """(display name, address) of From:, tolerant of malformed headers."""
    raw = message.get("From")
    if raw is None:
        return None, None
    try:
        addresses = getattr(raw, "addresses", None)
        if addresses:
            first: Address = addresses[0]
            return first.display_name or None, first.addr_spec or None
    except (IndexError, AttributeError, ValueError):
        pass
    pairs = getaddresses([str(raw)])
    if pairs:
        name, addr = pairs[0]
        return name or None, addr or None
    return None, None


def organisation_name(domain: str) -> str:
    """A readable organisation name from a domain: acme-health.co.uk -> Acme Health."""
    label = registrable_domain(domain).split(".")[0]
    return " ".join(part.capitalize() for part in re.split(r"[-_]", label) if part)


def _part_text(part: EmailMessage) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        return ""
    try:
        text, _ = decode_bytes(payload, declared=part.get_content_charset())
    except IngestFailure:
        return ""
    if part.get_content_subtype() == "html":
        if len(text) > MAX_HTML_PART_CHARS:  # BeautifulSoup takes ~10x its input in memory
            raise IngestFailure("read", "TooLarge", f"an HTML part of {len(text)} characters "
                                f"(limit {MAX_HTML_PART_CHARS})")
        soup = BeautifulSoup(text, "lxml")
        for tag in soup(["script", "style", "head"]):
            tag.decompose()
        text = soup.get_text("\n")
    return text


def body_text(message: EmailMessage) -> str:
    """text/plain preferred over HTML: it is what the sender wrote, without layout tables."""
    for preference in (("plain",), ("html",)):
        try:
            part = message.get_body(preferencelist=preference)
        except (KeyError, LookupError, ValueError):
            part = None
        if part is not None and (text := _part_text(part)).strip():
            return text
    if not message.is_multipart() and message.get_content_maintype() == "text":
        return _part_text(message)
    return ""


# A signature block is a few short lines: a name, a role, an organisation, an address.
_SIGNATURE_LINES = 8
_SIGNATURE_WORDS = 12
# The first line of a signature names someone: "Marta Kowal", "Dr A. Patel", "The Fernhill
# team", "Bramley Landlords Association".
_NAME_LINE = re.compile(r"^(?:[A-Z][\w'’.&-]*|&|of|and|the|for|at|de|van|von|team)"
                        r"(?:\s+(?:[A-Z][\w'’.&-]*|&|of|and|the|for|at|de|van|von|team)){0,5}$")
# A line of prose: it ends like a sentence and has several lower-case words ("The petition
# closes on 30 June.").
_PROSE_LINE = re.compile(r"^(?=(?:.*?\b[a-z][a-z'’-]*\b){3}).*[.!?]$")


def _signature_block(lines: list[str]) -> bool:
    """Lines that look like a signature: a name first, then a few short lines, none prose."""
    filled = [line.strip() for line in lines if line.strip()]
    return bool(filled) and len(filled) <= _SIGNATURE_LINES \
        and bool(_NAME_LINE.match(filled[0].rstrip(","))) \
        and all(len(line.split()) <= _SIGNATURE_WORDS and not _PROSE_LINE.match(line)
                for line in filled)


def _is_sign_off(line: str) -> bool:
    """A closing phrase alone on its line, ending at a comma or the end of the line
    ("Kind regards,", "Thanks"): "Thanks!" or "Good." is a sentence of the message."""
    line = line.strip()
    return bool(line) and line[-1] not in ".!?" \
        and bool(line_patterns("email_sign_offs").match(line))


def split_signature(text: str) -> tuple[str, list[str]]:
    """(message, signature lines): the text cut at a "-- " delimiter, then at a closing
    sign-off ("Kind regards," "Yours sincerely") directly above a signature block that ends
    the text. The signature is who wrote it, not what the message says."""
    lines = text.split("\n")
    signature: list[str] = []
    for i, line in enumerate(lines):
        if _SIGNATURE.match(line) and i > 0:
            lines, signature = lines[:i], lines[i + 1:]
            break
    for i in range(len(lines) - 1, 0, -1):
        if _is_sign_off(lines[i]) and _signature_block(lines[i + 1:]):
            lines, signature = lines[:i], lines[i + 1:] + signature
            break
    return "\n".join(lines), [line.strip() for line in signature if line.strip()]


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z][a-z-]*", name.lower())


@cache
def _organisation_words() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in resources()["organisation_words"].items()}


@cache
def _first_names() -> frozenset[str]:
    """Given names from the actor extractor's lexicon, read as a file: importing
    pipeline.extract would load spaCy into every ingest run."""
    path = Path(__file__).parents[1] / "extract" / "resources" / "actor_lexicon.yaml"
    with open(path, encoding="utf-8") as handle:  # a packaged file: missing is a broken install
        data = yaml.safe_load(handle) or {}
    return frozenset(str(n).lower() for key in ("male_names", "female_names")
                     for n in data.get(key) or ())


def organisation_word(name: str) -> str | None:
    """The group ("commercial", "non_commercial") of the organisation word that heads the
    name: its last word ("... Association", "... Ltd") or one before "of" ("University of
    Leeds"); else None. A name that opens with a given name is a person's, whatever its
    surname ("Charlotte Church", "Tom Banks")."""
    words = _words(name)
    if not words or words[0] in _first_names():
        return None
    heads = [words[-1], *(w for w, nxt in zip(words, words[1:], strict=False) if nxt == "of")]
    for group, vocabulary in _organisation_words().items():
        if any(head in vocabulary for head in heads):
            return group
    return None


def _squashed(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def is_organisation_name(name: str | None, domain: str | None) -> bool:
    """A display name that names an organisation: an organisation word heads it, or it is
    the sender's domain spelt out ("Bramley Landlords" for bramleylandlords.org.uk). A
    department ("Northwind Service Desk") or a person is not one."""
    if not name or "@" in name:
        return False
    if organisation_word(name):
        return True
    if domain and not is_webmail(domain):
        label = _squashed(registrable_domain(domain).split(".")[0])
        return len(label) >= 3 and _squashed(name) == label
    return False


_PERSON = re.compile(r"^(?:[A-Z][a-z'’-]+|[A-Z]\.?)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.?)){1,3}$")


def signature_parts(lines: list[str]) -> tuple[str | None, str | None]:
    """(signer, organisation) from a signature block: "Elaine Forsyth" over "Secretary,
    Bramley Landlords Association" gives both."""
    signer = lines[0] if lines and _PERSON.match(lines[0]) and \
        not organisation_word(lines[0]) else None
    for line in lines:
        for part in re.split(r",|\s+(?:at|of)\s+|\s+[|–—-]\s+", line):
            part = part.strip()
            if part and organisation_word(part) and len(part.split()) <= 8:
                return signer, part
    return signer, None


def _non_commercial(organisation: str | None, domain: str | None) -> bool:
    """A sender that is no vendor: a public body, school, club or association."""
    if organisation and organisation_word(organisation) == "non_commercial":
        return True
    suffixes = resources()["non_commercial_suffixes"]
    return bool(domain) and any(domain == s or domain.endswith(f".{s}") for s in suffixes)


class EmailReader:
    name = "email"

    def read(self, source: Source) -> Iterator[Item]:
        if not source.raw.strip():
            raise IngestFailure("read", "EmptyFile", "the file has no content")
        decode_bytes(source.raw[:65536])  # binary content in an .eml is refused the same way
        check_headers(source.raw)
        try:
            message = BytesParser(policy=policy.default).parsebytes(source.raw)
        except Exception as exc:  # noqa: BLE001 - the parser raises many types on bad mail
            raise IngestFailure("parse", "MalformedEmail", f"{type(exc).__name__}: {exc}") from exc
        try:
            subject = clean_field(message.get("Subject"))
            name, address = sender(message)
            date_header = message.get("Date")
        except (ValueError, TypeError, IndexError) as exc:
            raise IngestFailure("parse", "MalformedEmail", f"bad header: {exc}") from exc
        if not subject and not address:
            raise IngestFailure("parse", "MalformedEmail", "no From: or Subject: header")
        text, signature = split_signature(normalise_text(body_text(message)))
        text = normalise_text(text)
        if not text:
            raise IngestFailure("extract", "NoMainText", "the message has no readable body")
        domain = address.rsplit("@", 1)[1].lower() if address and "@" in address else None
        signer, signed_for = signature_parts(signature)
        organisation = clean_field(message.get("Organization") or message.get("Organisation"))
        author = name or address
        # An Organization: header says where the sender works, not that the organisation is
        # speaking: staff mail from a school is a person writing.
        issuer_is_org = is_organisation_name(name, domain)
        if not organisation and is_organisation_name(name, domain):
            # The sender's name is the organisation ("Bramley Landlords Association"),
            # spelt better than its domain; the person who signed wrote it.
            organisation, author = clean_field(name), signer or author
        if not organisation and domain and not is_webmail(domain):
            organisation = organisation_name(domain)
        if not organisation and signed_for:
            organisation = clean_field(signed_for)  # a person on webmail signing for a body
        if source.published:
            published, published_source = parse_date(source.published) or source.published, \
                "argument"
        else:
            published = parse_date(str(date_header)) if date_header else None
            published_source = "metadata" if published else None
        kind = normalise_kind(source.kind) or kind_from_title(subject)
        if kind is None:
            # A notice from a company's own domain is the vendor speaking; webmail is a person.
            # An association, club, school or public body is no vendor: what it sends in its
            # own name is an issued statement (press_release, the kind whose "we" is the
            # issuer); a person writing from such a domain is "other".
            if _non_commercial(organisation, domain):
                kind = "press_release" if issuer_is_org else "other"
            elif domain is None or is_webmail(domain):
                kind = "other"
            else:
                kind = "vendor_notice"
        yield Document(
            text=text, title=subject, url=None, publisher=organisation,
            author=author, published=published, published_source=published_source,
            kind=kind, source=source.given, raw_sha256=source.raw_sha256, reader=self.name,
            meta={"sender": address, "sender_domain": domain,
                  "message_id": clean_field(message.get("Message-ID"))},
        )
