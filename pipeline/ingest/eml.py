"""E-mail (.eml), mostly vendor notices: sender organisation, subject, Date:, text/plain first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

from bs4 import BeautifulSoup

from pipeline.document import Document, normalise_text
from pipeline.ingest.base import IngestFailure, Item, Source, clean_field
from pipeline.ingest.dates import parse_date
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.kinds import is_webmail, kind_from_title, normalise_kind, registrable_domain

_SIGNATURE = re.compile(r"^-- ?$")


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


def strip_signature(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _SIGNATURE.match(line) and i > 0:
            return "\n".join(lines[:i])
    return text


class EmailReader:
    name = "email"

    def read(self, source: Source) -> Iterator[Item]:
        if not source.raw.strip():
            raise IngestFailure("read", "EmptyFile", "the file has no content")
        decode_bytes(source.raw[:65536])  # binary content in an .eml is refused the same way
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
        text = normalise_text(strip_signature(normalise_text(body_text(message))))
        if not text:
            raise IngestFailure("extract", "NoMainText", "the message has no readable body")
        domain = address.rsplit("@", 1)[1].lower() if address and "@" in address else None
        organisation = clean_field(message.get("Organization") or message.get("Organisation"))
        if not organisation and domain and not is_webmail(domain):
            organisation = organisation_name(domain)
        if source.published:
            published, published_source = parse_date(source.published) or source.published, \
                "argument"
        else:
            published = parse_date(str(date_header)) if date_header else None
            published_source = "metadata" if published else None
        kind = normalise_kind(source.kind) or kind_from_title(subject)
        if kind is None:
            # A notice from a company's own domain is the vendor speaking; webmail is a person.
            kind = "other" if (domain is None or is_webmail(domain)) else "vendor_notice"
        yield Document(
            text=text, title=subject, url=None, publisher=organisation,
            author=name or address, published=published, published_source=published_source,
            kind=kind, source=source.given, raw_sha256=source.raw_sha256, reader=self.name,
            meta={"sender": address, "sender_domain": domain,
                  "message_id": clean_field(message.get("Message-ID"))},
        )
