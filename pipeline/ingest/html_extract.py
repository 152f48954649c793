"""HTML to main text, metadata and comments. Runs inside the sandbox process (see sandbox.py).

Main text comes from trafilatura; metadata from JSON-LD (NewsArticle and kin), OpenGraph,
<meta> tags, <time> elements, and trafilatura/htmldate, in that order of trust (publishers
fill JSON-LD for search engines, so it is the most carefully maintained); bs4 covers what
trafilatura misses: pages too short for its heuristics, and the comment section, which we
keep apart as child documents.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from bs4 import BeautifulSoup, Tag

from pipeline.ingest.comments import parse_header
from pipeline.ingest.dates import local_day, parse_date, url_date

ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
                 "blogposting", "opinionnewsarticle", "backgroundnewsarticle", "report",
                 "techarticle", "scholarlyarticle", "webpage", "liveblogposting"}
_COMMENT_AREA = re.compile(r"(^|[\s_-])(comments?|comment-?list|commentlist|comments-area|"
                           r"discussion|disqus_thread|responses|replies)($|[\s_-])", re.I)
_COMMENT_ITEM = re.compile(r"(^|[\s_-])(comment|comment-?item|comment-?body|reply)($|[\s_-])",
                           re.I)
_FURNITURE = re.compile(r"^(add|post|leave|write) (a |your )?comment|log in (using|to)|"
                        r"email address will not be published|required fields are marked",
                        re.I)
_AUTHOR_SEL = ["[itemprop=author] [itemprop=name]", "[itemprop=author]", ".comment-author .fn",
               ".comment-author", ".fn", ".author", ".username", ".user-name", ".commenter",
               "cite", ".name"]
_TIME_SEL = ["time[datetime]", "[itemprop=dateCreated]", "[itemprop=datePublished]",
             ".comment-date", ".comment-meta time", ".comment-time", ".date", ".timestamp",
             "time"]
_BODY_SEL = ["[itemprop=text]", ".comment-content", ".comment-body", ".comment-text",
             ".comment__body", ".content", ".text"]
_META_DATE_NAMES = ("article:published_time", "og:published_time", "datepublished",
                    "pubdate", "publishdate", "publish-date", "publication_date", "date",
                    "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
                    "parsely-pub-date", "citation_publication_date", "article.published",
                    "cxenseparse:recs:publishtime")


def extract_html(html: str, url: str | None = None, favor: str = "auto") -> dict[str, Any]:
    """Everything the HTML reader needs from one page, as plain data (it crosses a pipe)."""
    import trafilatura

    soup = BeautifulSoup(html, "lxml")
    jsonld = _jsonld_objects(soup)
    article = next((o for o in jsonld if _types(o) & ARTICLE_TYPES and
                    ("articleBody" in o or "datePublished" in o or "headline" in o)), None)
    metas = _meta_tags(soup)
    result: dict[str, Any] = {"title": None, "author": None, "publisher": None, "url": None,
                              "published": None, "published_via": None, "description": None}
    if article:
        result["title"] = _text(article.get("headline") or article.get("name"))
        result["author"] = _names(article.get("author"))
        result["publisher"] = _names(article.get("publisher"))
        result["url"] = _text(article.get("url")) or _id_of(article.get("mainEntityOfPage"))
        for key in ("datePublished", "dateCreated", "uploadDate"):
            if value := parse_date(_text(article.get(key))):
                result["published"], result["published_via"] = value, f"JSON-LD {key}"
                break
    result["title"] = result["title"] or metas.get("og:title") or metas.get("twitter:title")
    result["publisher"] = result["publisher"] or metas.get("og:site_name") \
        or metas.get("application-name")
    result["author"] = result["author"] or metas.get("author") or metas.get("article:author") \
        or metas.get("dc.creator") or metas.get("byl")
    result["description"] = metas.get("description") or metas.get("og:description")
    canonical = soup.find("link", rel=lambda v: v and "canonical" in v)
    result["url"] = result["url"] or (canonical.get("href") if isinstance(canonical, Tag)
                                      else None) or metas.get("og:url") or url
    if not result["published"]:
        for name in _META_DATE_NAMES:
            if value := parse_date(metas.get(name)):
                result["published"], result["published_via"] = value, f"<meta {name}>"
                break
    if not result["published"]:
        node = soup.select_one("[itemprop=datePublished], time[pubdate]")
        if isinstance(node, Tag):
            raw = node.get("datetime") or node.get("content") or node.get_text(" ", strip=True)
            if value := parse_date(raw):
                result["published"], result["published_via"] = value, "itemprop datePublished"

    if not result["published"] and (value := url_date(result["url"] or url)):
        result["published"], result["published_via"] = value, "date in the URL"
    elif (value := local_day(result["published"], url_date(result["url"] or url))):
        result["published_via"] = f"date in the URL ({result['published_via']} gives " \
            f"{result['published']}, the next or previous day in UTC)"
        result["published"] = value

    meta = trafilatura.extract_metadata(html, default_url=url)
    if meta is not None:
        result["title"] = result["title"] or meta.title
        result["author"] = result["author"] or meta.author
        result["publisher"] = result["publisher"] or meta.sitename
        result["url"] = result["url"] or meta.url
        if not result["published"] and meta.date and (value := parse_date(meta.date)):
            result["published"], result["published_via"] = value, "htmldate"
    if not result["title"] and soup.title:
        result["title"] = soup.title.get_text(" ", strip=True) or None

    comments = _comments(soup, jsonld)
    text = main_text(html, favor=favor)
    via = "trafilatura"
    # Sizes in characters, not words: Chinese and Japanese text has no spaces to split on.
    if len(text or "") < MIN_MAIN_CHARS:
        fallback = _bs4_main_text(soup)
        if fallback and len(fallback) > len(text or ""):
            text, via = fallback, "bs4"
    if len(text or "") < MIN_MAIN_CHARS and article and article.get("articleBody"):
        body = article["articleBody"]
        text, via = (body if isinstance(body, str) else _text(body)), "JSON-LD articleBody"
    result.update(text=text or "", text_via=via, comments=comments, marks=html_marks(soup))
    return result


_BLOCK_TAGS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
               "h5": "heading", "h6": "heading", "li": "list_item", "dt": "definition",
               "dd": "definition", "tr": "table_row"}
# Enough for any real notice; a page with more block elements keeps the first ones.
MAX_MARKS = 20000


def html_marks(soup: BeautifulSoup) -> list[list]:
    """[kind, level, line key] for the page's headings, list items, definition terms and
    descriptions, and table rows, in document order (plain lists: they cross a pipe)."""
    from pipeline.structure import line_key

    marks: list[list] = []
    for tag in soup.find_all(list(_BLOCK_TAGS), limit=MAX_MARKS):
        kind = _BLOCK_TAGS[tag.name]
        if kind == "heading":
            level = int(tag.name[1])
        elif kind == "list_item":
            level = sum(1 for p in tag.parents if p.name in ("ul", "ol"))
        elif kind == "definition":
            level = 1 if tag.name == "dt" else 2
        else:
            level = 0
        if kind == "list_item":  # a nested list is its own items, not part of this one
            text = " ".join(c.get_text(" ", strip=True) if isinstance(c, Tag) else str(c)
                            for c in tag.children
                            if not (isinstance(c, Tag) and c.name in ("ul", "ol")))
        elif kind == "table_row":
            text = " ".join(c.get_text(" ", strip=True) for c in tag.find_all(["td", "th"]))
        else:
            text = tag.get_text(" ", strip=True)
        if key := line_key(text):
            marks.append([kind, level, key])
    return marks


# Precision mode drops more boilerplate (related links, captions, sign-up boxes) but on some
# layouts it also drops most of the article; below this share of the balanced mode's words the
# balanced output is kept. Chosen on the article-extraction benchmark (F1 0.9647 balanced,
# 0.9698 precision, 0.974 with this rule; 0.5 gives 0.9716), see `dateline evaluate ingest`.
PRECISION_KEEP_SHARE = 0.3
# Below this many characters trafilatura probably missed the article (its heuristics need
# some text to work on); bs4 and JSON-LD articleBody are tried.
MIN_MAIN_CHARS = 150


def main_text(html: str, favor: str = "auto") -> str | None:
    """trafilatura's main text, comments excluded.

    favor="auto" runs precision mode and falls back to balanced mode when precision mode
    kept less than PRECISION_KEEP_SHARE of the words; "precision", "recall" and "balanced"
    run one mode.
    """
    import trafilatura

    def run(**mode: bool) -> str | None:
        return trafilatura.extract(html, include_comments=False, include_tables=True,
                                   deduplicate=False, **mode)

    if favor == "precision":
        return run(favor_precision=True)
    if favor == "recall":
        return run(favor_recall=True)
    balanced = run()
    if favor == "balanced" or not balanced:
        return balanced
    precise = run(favor_precision=True)
    if precise and len(precise.split()) >= PRECISION_KEEP_SHARE * len(balanced.split()):
        return precise
    return balanced


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type") or []
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values}


def _jsonld_objects(soup: BeautifulSoup) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in soup.find_all("script", type=lambda t: t and "ld+json" in t.lower()):
        try:
            data = json.loads(script.string or script.get_text() or "")
        except (ValueError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))
    return found


def _meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    metas: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        content = tag.get("content")
        if key and content and str(content).strip():
            metas.setdefault(str(key).strip().lower(), " ".join(str(content).split()))
    return metas


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("text")
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _names(value: Any) -> str | None:
    values = value if isinstance(value, list) else [value]
    names = [n for v in values if (n := _text(v))]
    return ", ".join(dict.fromkeys(names)) or None


def _id_of(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("@id") or value.get("url"))
    return _text(value)


def _bs4_main_text(soup: BeautifulSoup) -> str | None:
    """Readable text of <article>/<main>/body without scripts, navigation and comments."""
    soup = copy.copy(soup)
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside",
                     "form", "iframe", "svg", "template"]):
        tag.decompose()
    for area in _comment_areas(soup):
        area.decompose()
    root = soup.select_one("[itemprop=articleBody]") or soup.find("article") \
        or soup.find("main") or soup.body or soup
    paragraphs = [p.get_text(" ", strip=True) for p in root.find_all(["p", "h2", "h3", "li",
                                                                       "blockquote", "pre"])]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs:
        return "\n\n".join(paragraphs)
    text = root.get_text("\n", strip=True)
    return text or None


def _comment_areas(soup: BeautifulSoup) -> list[Tag]:
    areas: list[Tag] = []
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag) or tag.attrs is None:
            continue
        ident = " ".join([tag.get("id") or ""] + list(tag.get("class") or []))
        if ident and _COMMENT_AREA.search(ident) and not any(a in tag.parents for a in areas):
            # A class like "no-comments" on <body> is not a comment section.
            if tag.name in ("body", "html", "main", "article") and tag.find("p") and \
                    len(tag.get_text(" ", strip=True)) > 2000:
                continue
            areas.append(tag)
    return areas


def _comments(soup: BeautifulSoup, jsonld: list[dict[str, Any]]) -> list[dict[str, Any]]:
    comments: list[dict[str, Any]] = []
    for obj in jsonld:
        listed = obj.get("comment")
        for item in listed if isinstance(listed, list) else [listed]:
            if isinstance(item, dict) and (text := _text(item.get("text"))):
                comments.append({"author": _names(item.get("author")), "text": text,
                                 "published": parse_date(_text(item.get("dateCreated")
                                                               or item.get("datePublished")))})
    if comments:
        return comments
    for area in _comment_areas(soup):
        # Nested replies are comments of their own; each is parsed without its replies.
        for item in (t for t in area.find_all(True) if _is_comment_item(t)):
            parsed = _parse_comment(item)
            if parsed:
                comments.append(parsed)
    return comments


def _is_comment_item(tag: Tag) -> bool:
    if tag.attrs is None:  # already decomposed while its ancestor was being cleaned
        return False
    if tag.get("itemtype") and "comment" in str(tag.get("itemtype")).lower():
        return True
    classes = " ".join(tag.get("class") or [])
    if tag.name in ("li", "article", "div") and classes and _COMMENT_ITEM.search(classes):
        # Parts of a comment (author, date, content wrappers) are not comments themselves.
        return not re.search(r"comment-?(author|meta|date|time|content|text|body|reply|"
                             r"actions|footer|header|avatar|form|respond|list)", classes, re.I)
    return False


def _parse_comment(item: Tag) -> dict[str, Any] | None:
    own = copy.copy(item)
    for nested in own.find_all(True):
        if isinstance(nested, Tag) and _is_comment_item(nested):
            nested.decompose()
    author = _first_text(own, _AUTHOR_SEL)
    published = None
    if author:
        # "Name on September 12, 2018 at 4:47 pm said:" - WordPress puts the date in the byline.
        author = re.sub(r"\s*(said|says|wrote|writes)\s*:?\s*$", "", author, flags=re.I)
        header = parse_header(author)
        if header:
            author, published = header[0], header[1]
    for selector in _TIME_SEL if published is None else []:
        node = own.select_one(selector)
        if isinstance(node, Tag):
            raw = node.get("datetime") or node.get("content") or node.get("title") \
                or node.get_text(" ", strip=True)
            if published := parse_date(raw):
                break
    body = None
    for selector in _BODY_SEL:
        node = own.select_one(selector)
        if isinstance(node, Tag) and node.get_text(strip=True):
            body = node
            break
    if body is None:
        for selector in _AUTHOR_SEL + _TIME_SEL + [".reply", ".comment-reply-link",
                                                   ".comment-meta", "footer", "header"]:
            for node in own.select(selector):
                node.decompose()
        body = own
    paragraphs = [p.get_text(" ", strip=True) for p in body.find_all("p")]
    text = "\n\n".join(p for p in paragraphs if p) or body.get_text("\n", strip=True)
    # Without an author it is almost always the thread's furniture (a form, "replies",
    # "log in to comment"), not a comment.
    if not text or not author or _FURNITURE.search(text):
        return None
    return {"author": author, "published": published, "text": text}


def _first_text(root: Tag, selectors: list[str]) -> str | None:
    for selector in selectors:
        node = root.select_one(selector)
        if isinstance(node, Tag):
            text = " ".join(node.get_text(" ", strip=True).split())
            if text and len(text) <= 80:
                return text
    return None


def bs4_text(html: str) -> str:
    """The evaluation's naive baseline: all text of the page."""
    return BeautifulSoup(html, "lxml").get_text(" ")
