"""Make a graded notebook safe to render: no script of a student's runs in the instructor's or a student's browser.

A submission is written by a student, and its autograded copy is shown to the instructor (formgrader) and
to the student (feedback page). Both render markdown and rich outputs as HTML, and nbgrader's feedback
template renders markdown *without* nbconvert's `clean_html`, so a markdown link `[x](javascript:...)`
or an `<img onerror=...>` in a written answer would run. `SanitizeNotebook` (an nbgrader preprocessor)
cleans the notebook itself, with nh3 (the Ammonia HTML sanitizer), so that whatever renders it later is
safe:

- markdown cells (and `text/markdown` outputs): the markdown is rendered as nbconvert renders it; when
  the result holds anything nh3 would remove (a tag, an attribute, a URL not on the allow-list below),
  the source is replaced by nh3's cleaning of that rendering, as one HTML block (`<div>...</div>` on a
  single line, which markdown passes through unchanged); ordinary markdown is left exactly as it is;
- attachments of markdown cells keep PNG/JPEG/GIF images only (an attachment the markdown names but
  the cell lacks gets a blank PNG, so that rendering does not fail);
- code cell outputs: `text/html` is cleaned with nh3, `text/markdown` as markdown cells are;
  `image/svg+xml` (SVG can carry scripts), `application/javascript`, `application/vnd.*` (widgets,
  Bokeh, Plotly ...) and every other type not listed in `KEEP_MIMES` are removed (a one-line note says
  what was removed when nothing else is left); output metadata keeps only numeric image sizes;
  output types other than stream / error / execute_result / display_data are dropped;
- raw cells are cleared; notebook metadata loses `widgets` (a widget state page script) and `title`;
  cell tags keep plain words only.

Allowed in HTML: nh3's default tags (no script, style, iframe, object, embed, form, svg, math, link,
meta, base), `id` only on headings (DOM clobbering), `style` only as `text-align`, links to http(s),
mailto and `#anchors` or relative paths, images from `data:image/(png|jpeg|gif|webp)`, `attachment:`,
https (the course's own Colab badge) or relative paths (not `//host/...`, not plain http).

The preprocessor is idempotent. `sanitize_html_page(page)` is a last page-level pass over an exported
HTML page (the `<head>` made by nbconvert's template is kept as is, the body is cleaned with a page
policy); `page_problems(page, allowed_scripts)` lists what a page still holds that could run, for tests.
"""
from __future__ import annotations

import html as html_lib
import math
import re
from html.parser import HTMLParser

import nh3
from nbgrader.preprocessors import NbGraderPreprocessor

KEEP_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg", "image/gif")
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif")
ATTACHMENT_MIMES = ("image/png", "image/jpeg", "image/gif")
OUTPUT_TYPES = ("stream", "error", "execute_result", "display_data")
BLANK_PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]*$")
TAG_WORD = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|jpg|gif|webp)[;,]", re.IGNORECASE)
URL_ATTRS = {"href", "src", "cite", "action", "formaction", "poster", "background", "longdesc", "usemap",
             "xlink:href", "srcset", "data", "codebase", "manifest", "ping"}
# contents removed with the tag, not shown as text
DROP_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "title",
                "textarea", "xmp", "noembed", "noframes", "select", "frameset", "frame", "applet"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TAGS = set(nh3.ALLOWED_TAGS) | {"input"}
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES.setdefault("*", set()).update({"class", "title", "lang", "dir"})
for _h in HEADINGS:
    _ATTRIBUTES.setdefault(_h, set()).add("id")
_ATTRIBUTES.setdefault("a", set()).update({"href"})
_ATTRIBUTES.setdefault("img", set()).update({"src", "alt", "width", "height"})
for _t in ("th", "td", "tr", "p", "div", "span"):
    _ATTRIBUTES.setdefault(_t, set()).add("style")
_ATTRIBUTES.setdefault("input", set()).update({"disabled", "checked"})


def _url_ok(tag: str, attr: str, value: str) -> bool:
    v = "".join(ch for ch in html_lib.unescape(value) if ch > " ").strip()
    low = v.lower()
    relative = not SCHEME.match(v) and not v.startswith(("//", "\\", "/\\"))
    if attr == "src" and tag == "img":
        return bool(DATA_IMAGE.match(v)) or low.startswith(("attachment:", "https://")) or relative
    if attr == "href" and tag in ("a", "area"):
        return low.startswith(("http://", "https://", "mailto:")) or relative
    if attr == "cite":
        return low.startswith(("http://", "https://"))
    return False


def _attribute_filter(tag: str, attr: str, value: str):
    if attr.lower() in URL_ATTRS:
        return value if _url_ok(tag.lower(), attr.lower(), value) else None
    return value


_CLEANER = nh3.Cleaner(tags=_TAGS, clean_content_tags=DROP_CONTENT, attributes=_ATTRIBUTES,
                       attribute_filter=_attribute_filter, tag_attribute_values={"input": {"type": {"checkbox"}}},
                       url_schemes={"http", "https", "mailto", "data", "attachment"},
                       filter_style_properties={"text-align"}, link_rel="noopener noreferrer nofollow")


def clean_html(fragment: str) -> str:
    """nh3's cleaning of an HTML fragment with the course's policy (idempotent)."""
    return _CLEANER.clean(fragment)


class _Tokens(HTMLParser):
    """What matters of an HTML fragment for safety: start tags with their attributes, comments, and text
    (whitespace-normalised); end tags and `rel` are left out (nh3 closes tags and adds rel)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list = []
        self.text: list[str] = []

    def _flush(self):
        text = " ".join("".join(self.text).split())
        if text:
            self.items.append(("text", text))
        self.text = []

    def handle_starttag(self, tag, attrs):
        self._flush()
        attrs = sorted((k, v or "") for k, v in attrs if k != "rel")
        self.items.append(("tag", tag, tuple(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self._flush()
        self.items.append(("comment", data))

    def handle_decl(self, decl):
        self._flush()
        self.items.append(("decl", decl))

    def handle_pi(self, data):
        self._flush()
        self.items.append(("pi", data))

    def unknown_decl(self, data):
        self._flush()
        self.items.append(("decl", data))


def _tokens(fragment: str) -> list:
    parser = _Tokens()
    parser.feed(fragment)
    parser.close()
    parser._flush()
    return parser.items


RISKY_TEXT = re.compile(r"<\s*/?\s*(script|iframe|frame|svg|math|style|object|embed|form|link|meta|base|template"
                        r"|noscript|xmp|plaintext)\b|<!--|<!\[cdata", re.IGNORECASE)


def html_is_clean(fragment: str) -> bool:
    """True when nh3 would keep everything of `fragment` (up to serialisation)."""
    if RISKY_TEXT.search(fragment):
        return False
    try:
        return _tokens(fragment) == _tokens(clean_html(fragment))
    except Exception:
        return False


def _render_markdown(source: str, attachments: dict) -> str | None:
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    try:
        renderer = IPythonRenderer(escape=False, attachments=attachments or {})
        return MarkdownWithMath(renderer=renderer).render(source)
    except Exception:
        return None


def _as_block(fragment: str) -> str:
    """One line of HTML in a div: markdown passes it through as it is (no blank line ends the block)."""
    one = fragment.replace("\r\n", "\n").replace("\r", "\n").strip("\n").replace("\n", "&#10;")
    return f"<div>{one}</div>"


def sanitize_markdown(source: str, attachments: dict | None = None) -> str:
    """`source` unchanged when its rendering is clean; else nh3's cleaning of the rendering, as one HTML block."""
    if not isinstance(source, str):
        source = ""
    rendered = _render_markdown(source, attachments or {})
    if rendered is None:  # markdown that nbconvert cannot render: show it as text
        return _as_block("<pre>" + html_lib.escape(source, quote=False) + "</pre>")
    if html_is_clean(rendered):
        return source
    cleaned = _as_block(clean_html(rendered))
    again = _render_markdown(cleaned, attachments or {})
    if again is not None and _tokens(clean_html(again)) == _tokens(cleaned):
        return cleaned
    return _as_block("<pre>" + html_lib.escape(source, quote=False) + "</pre>")  # pragma: no cover


def _text(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    return None


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if math.isfinite(value) and value > 0 else None


def _clean_output_metadata(meta) -> dict:
    out = {}
    if not isinstance(meta, dict):
        return out
    for key in ("width", "height"):
        if _number(meta.get(key)) is not None:
            out[key] = meta[key]
    for mime in IMAGE_MIMES:
        sub = meta.get(mime)
        if isinstance(sub, dict):
            kept = {k: sub[k] for k in ("width", "height") if _number(sub.get(k)) is not None}
            if isinstance(sub.get("unconfined"), bool):
                kept["unconfined"] = sub["unconfined"]
            if kept:
                out[mime] = kept
    return out


def _clean_data(data) -> dict:
    out, removed = {}, []
    if not isinstance(data, dict):
        return {"text/plain": "[output removed by the grader: not a valid output]"}
    for mime, value in data.items():
        text = _text(value)
        if mime not in KEEP_MIMES or text is None:
            removed.append(str(mime)[:60])
            continue
        if mime == "text/html":
            text = clean_html(text)
        elif mime == "text/markdown":
            text = sanitize_markdown(text)
        elif mime in IMAGE_MIMES and not BASE64.match(text):
            removed.append(mime)
            continue
        out[mime] = text
    if removed and not any(m in out for m in ("text/plain", "text/html", "text/markdown") + IMAGE_MIMES):
        out["text/plain"] = "[output removed by the grader: " + ", ".join(sorted(set(removed))[:5]) + "]"
    return out


def clean_output(output) -> dict | None:
    """A safe copy of one output (a plain dict), or None when it must go."""
    from nbformat.v4 import new_output

    if not isinstance(output, dict):
        return None
    kind = output.get("output_type")
    if kind == "stream":
        text = _text(output.get("text"))
        if text is None:
            return None
        name = output.get("name") if output.get("name") in ("stdout", "stderr") else "stdout"
        return new_output("stream", name=name, text=text)
    if kind == "error":
        tb = output.get("traceback")
        tb = [t for t in tb if isinstance(t, str)] if isinstance(tb, list) else []
        return new_output("error", ename=str(output.get("ename", ""))[:200], evalue=str(output.get("evalue", "")),
                          traceback=tb)
    if kind in ("execute_result", "display_data"):
        out = new_output(kind, data=_clean_data(output.get("data")),
                         metadata=_clean_output_metadata(output.get("metadata")))
        if kind == "execute_result":
            count = output.get("execution_count")
            out["execution_count"] = count if isinstance(count, int) and not isinstance(count, bool) else None
        return out
    return None


def clean_attachments(attachments, source: str = "") -> dict:
    """Image attachments only (base64 PNG/JPEG/GIF); names the source uses but the cell lacks get a blank PNG."""
    out = {}
    if isinstance(attachments, dict):
        for name, bundle in attachments.items():
            if not isinstance(name, str) or not isinstance(bundle, dict):
                continue
            kept = {m: bundle[m] for m in ATTACHMENT_MIMES if isinstance(bundle.get(m), str)
                    and BASE64.match(bundle[m])}
            out[name] = kept or {"image/png": BLANK_PNG}
    for name in re.findall(r"attachment:([^\s)\"'<>]+)", source or ""):
        out.setdefault(name, {"image/png": BLANK_PNG})
    return out


def sanitize_cell(cell) -> None:
    """Clean one cell in place (a NotebookNode or dict)."""
    meta = cell.get("metadata")
    if isinstance(meta, dict):
        tags = meta.get("tags")
        if tags is not None:
            kept = [t for t in tags if isinstance(t, str) and TAG_WORD.match(t)] if isinstance(tags, list) else []
            if kept:
                meta["tags"] = kept
            else:
                del meta["tags"]
        nbg = meta.get("nbgrader")
        if nbg is not None and (not isinstance(nbg, dict) or
                                not (isinstance(nbg.get("grade_id", ""), str)
                                     and TAG_WORD.match(nbg.get("grade_id") or "x"))):
            del meta["nbgrader"]
    kind = cell.get("cell_type")
    if kind == "markdown":
        source = _text(cell.get("source")) or ""
        if "attachments" in cell or "attachment:" in source:
            cell["attachments"] = clean_attachments(cell.get("attachments"), source)
            if not cell["attachments"]:
                del cell["attachments"]
        cell["source"] = sanitize_markdown(source, cell.get("attachments"))
    elif kind == "raw":
        cell["source"] = ""
        cell.pop("attachments", None)
        if isinstance(meta, dict):
            for key in ("raw_mimetype", "format"):
                meta.pop(key, None)
    elif kind == "code":
        outputs = cell.get("outputs")
        kept = [clean_output(o) for o in outputs] if isinstance(outputs, list) else []
        cell["outputs"] = [o for o in kept if o is not None]


def sanitize_notebook(nb):
    """Clean a notebook in place and return it."""
    meta = nb.get("metadata")
    if isinstance(meta, dict):
        for key in ("widgets", "title"):
            meta.pop(key, None)
    for cell in nb.get("cells", []):
        if isinstance(cell, dict):
            sanitize_cell(cell)
    return nb


class SanitizeNotebook(NbGraderPreprocessor):
    """nbgrader preprocessor: the notebook made safe to render (see the module's docstring)."""

    def preprocess(self, nb, resources):
        return sanitize_notebook(nb), resources


# --- page level ----------------------------------------------------------------------------------------------

_PAGE_TAGS = _TAGS | {"main", "section", "html", "body", "label"}
_PAGE_ATTRIBUTES = {tag: set(attrs) for tag, attrs in _ATTRIBUTES.items()}
_PAGE_ATTRIBUTES["*"] = _PAGE_ATTRIBUTES["*"] | {"id", "data-mime-type", "tabindex", "style"}
_PAGE_ATTRIBUTES.setdefault("a", set()).add("name")
_PAGE_CLEANER = nh3.Cleaner(tags=_PAGE_TAGS, clean_content_tags=DROP_CONTENT, attributes=_PAGE_ATTRIBUTES,
                            attribute_filter=_attribute_filter, tag_attribute_values={"input": {"type": {"checkbox"}}},
                            url_schemes={"http", "https", "mailto", "data", "attachment"},
                            filter_style_properties={"text-align", "height", "width", "margin", "padding"},
                            link_rel=None)


def sanitize_html_page(page: str) -> str:
    """A whole exported page: its `<head>` (nbconvert's template: styles, MathJax) kept, its body cleaned."""
    match = re.search(r"<body\b[^>]*>", page, re.IGNORECASE)
    if match is None:
        return _PAGE_CLEANER.clean(page)
    head, body = page[:match.end()], page[match.end():]
    body = re.sub(r"</html>\s*$", "", body.strip(), flags=re.IGNORECASE)
    body = re.sub(r"</body>\s*$", "", body.strip(), flags=re.IGNORECASE)
    return head + "\n" + _PAGE_CLEANER.clean(body) + "\n</body>\n</html>\n"


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.problems: list[str] = []
        self._script: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = [(k.lower(), v or "") for k, v in attrs]
        if tag == "script":
            self._script = [self.get_starttag_text() or "", ""]
        elif tag in ("iframe", "frame", "object", "embed", "applet", "base", "form", "svg", "math", "link") or \
                (tag == "meta" and any(k == "http-equiv" for k, _ in attrs)):
            self.problems.append(f"<{tag}> element")
        for key, value in attrs:
            v = "".join(ch for ch in value if ch > " ").lower()
            if key.startswith("on"):
                self.problems.append(f"{key}= on <{tag}>")
            elif key == "srcdoc":
                self.problems.append(f"srcdoc on <{tag}>")
            elif key in URL_ATTRS and (v.startswith(("javascript:", "vbscript:", "data:text", "data:application",
                                                     "data:image/svg"))):
                self.problems.append(f"{key}={value[:40]!r} on <{tag}>")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(self._script[0] + self._script[1].strip())
            self._script = None


def page_scripts(page: str) -> list[str]:
    """Every <script> of a page: its start tag followed by its stripped body."""
    audit = _Audit()
    audit.feed(page)
    audit.close()
    return audit.scripts


def page_problems(page: str, allowed_scripts=()) -> list[str]:
    """What in an HTML page could run: scripts not in `allowed_scripts` (as `page_scripts` gives them),
    on* attributes, srcdoc, javascript:/vbscript:/script-capable data: URLs, frames, objects, forms, SVG, MathML."""
    audit = _Audit()
    audit.feed(page)
    audit.close()
    allowed = set(allowed_scripts)
    problems = list(audit.problems)
    problems += [f"script {s[:80]!r}" for s in audit.scripts if s not in allowed]
    return problems
