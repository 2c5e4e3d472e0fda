"""Parse HCL text into a positioned :class:`Document`, or into diagnostics.

Every way the text can be bad ends here as a diagnostic: syntax errors
(translated from lark's terminal names into plain words), and the mistakes
python-hcl2 accepts silently (a redefined attribute, a block and an
attribute sharing a name).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hcl2.rules.base import AttributeRule, BlockRule
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError

from jobspec.diagnostics import Finding, Span
from jobspec.load.grammar import hcl_parser
from jobspec.load.native import layout_problems, line_break_problems, problem_at
from jobspec.load.rules import transform
from jobspec.load.syntax import ESCAPE, Attribute, Block, Body, Document, Expr, escaped
from jobspec.load_rules import HCL_BLOCK_ATTRIBUTE_CLASH, HCL_DUPLICATE_ATTRIBUTE, HCL_SYNTAX

if TYPE_CHECKING:
    from jobspec.load.tokens import Problem

# Words for lark's terminal names, so a syntax error reads like a sentence.
_TOKEN_WORDS = {
    "RBRACE": "`}`",
    "LBRACE": "`{`",
    "RSQB": "`]`",
    "LSQB": "`[`",
    "RPAR": "`)`",
    "LPAR": "`(`",
    "EQ": "`=`",
    "COLON": "`:`",
    "COMMA": "`,`",
    "DOT": "`.`",
    "QMARK": "`?`",
    "DBLQUOTE": '`"`',
    "NAME": "a name",
    "STRING_CHARS": "text",
    "INT_LITERAL": "a number",
    "FLOAT_LITERAL": "a number",
    "DECIMAL": "a number",
    "NL_OR_COMMENT": "a new line",
    "$END": "the end of the file",
    "HEREDOC_TEMPLATE": "a heredoc",
    "HEREDOC_TEMPLATE_TRIM": "a heredoc",
    "INTERP_START": "`${`",
}


@dataclass(frozen=True)
class ParseResult:
    document: Document | None
    diagnostics: tuple[Finding, ...]


def parse(text: str, path: str) -> ParseResult:
    source = _trim_heredoc_closers(text)
    parser = hcl_parser()
    tokens = parser.options.postlex
    # The rule tree is a large heap of small objects; cyclic GC passes over it make
    # parsing superlinear (parser.md §3), and nothing here creates cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        # The "\n" is python-hcl2's workaround for lark's missing end-of-file token.
        raw = parser.parse(source + "\n")
        tree = transform(raw)
        # lark's own tree is read again only for a newline beside an operator; let it
        # go now, while the collector is off, rather than carry it through the rest.
        breaks = line_break_problems(source, raw, tokens.line_breaks) if tokens.line_breaks else []
        del raw
    except UnexpectedToken as exc:
        earlier = _problems_before(tokens.problems, exc, text, path)
        if earlier:
            return ParseResult(None, earlier)
        earlier = _layout_before(parser, source, exc, path)
        if earlier:
            return ParseResult(None, earlier)
        diagnostic = _translate_token_error(exc, text, path)
        if text.lstrip().startswith(("{", "[")) and (diagnostic.span.line, diagnostic.span.column) <= _first_char(text):
            # HCL's JSON form is not read; node JSON and CNI configs belong to --catalog.
            diagnostic = diagnostic._replace(hint=_JSON_HINT)
        return ParseResult(None, (diagnostic,))
    except UnexpectedCharacters as exc:
        earlier = _problems_before(tokens.problems, exc, text, path)
        if earlier:
            return ParseResult(None, earlier)
        at = exc.pos_in_stream
        char = text[at] if at is not None and at < len(text) else "?"
        span = Span.point(path, exc.line, exc.column)
        return ParseResult(None, (_syntax(span, f"Invalid character: {char!r} cannot stand here"),))
    except UnexpectedInput as exc:  # pragma: no cover - lark has no other subclass for LALR today
        span = Span.point(path, getattr(exc, "line", 1) or 1, getattr(exc, "column", 1) or 1)
        return ParseResult(None, (_syntax(span, "invalid HCL syntax"),))
    except VisitError as exc:
        # python-hcl2's transformer raised on a node the grammar accepted; lark wraps it.
        meta = getattr(exc.obj, "meta", None)
        where = (meta.line, meta.column) if meta is not None and getattr(meta, "line", None) else None
        return ParseResult(None, (_rejected(exc.orig_exc, where, text, path),))
    except (RecursionError, RuntimeError, ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
        return ParseResult(None, (_rejected(exc, None, text, path),))
    finally:
        if gc_was_enabled:
            gc.enable()
    problems = [*tokens.problems, *layout_problems(source, tree)]
    if tokens.heredoc_end > len(source):
        # hclsyntax's scanner ends a heredoc only at a newline after its marker
        # (scan_tokens.rl, heredoc end): the file's last line cannot close one.
        problems.append(
            problem_at(
                source,
                len(source),
                len(source),
                "Unterminated template string",
                "the heredoc's closing marker is the last line of the file and needs a newline after it",
            )
        )
    problems += breaks
    if problems:
        return ParseResult(None, tuple(_from_problem(p, path) for p in sorted(problems, key=_offset)))
    builder = _Builder(text, path)
    body = builder.body(tree.body)
    return ParseResult(Document(path, text, body), tuple(builder.diagnostics))


_JSON_HINT = (
    "this file is JSON; jobspec reads job files written in HCL (node JSON and CNI configs go to --catalog "
    "or `jobspec catalog check`)"
)


def _offset(problem: Problem) -> int:
    return problem.offset


def _from_problem(problem: Problem, path: str) -> Finding:
    span = Span(path, problem.line, problem.column, problem.end_line, problem.end_column)
    return _syntax(span, f"{problem.summary}: {problem.sentence}", problem.hint)


def _problems_before(problems: list[Problem], exc, text: str, path: str) -> tuple[Finding, ...]:
    """The quoted-string faults the lexer met before lark gave up: hclsyntax reports
    those first, and what lark trips over after a string left open is noise."""
    stop = getattr(exc, "pos_in_stream", None)
    if stop is None or stop < 0 or getattr(getattr(exc, "token", None), "type", None) == "$END":
        stop = len(text) + 1
    return tuple(_from_problem(p, path) for p in sorted(problems, key=_offset) if p.offset < stop)


def _layout_before(parser, source: str, exc, path: str) -> tuple[Finding, ...]:
    """hclsyntax's newline faults before the point where lark gave up.

    lark stops at the first token its grammar cannot take, which is often far
    after the mistake: a `}` left on the line of the next argument closes a block
    early, and only the file's last `}` is then too many. hclsyntax reports the
    line where the layout broke. Parsing again while skipping the tokens lark
    refuses gives a tree to check that layout on; only what lies before the
    first refusal is reported. Runs only for a file that does not parse."""
    stop = getattr(exc, "pos_in_stream", None)
    if stop is None or stop < 0 or exc.token.type == "$END":
        return ()
    skipped = []

    def skip(error) -> bool:
        skipped.append(error)
        return error.token.type != "$END" and len(skipped) < 20

    try:
        tree = transform(parser.parse(source + "\n", on_error=skip))
        problems = layout_problems(source, tree)
    except (LarkError, RecursionError, RuntimeError, ValueError, TypeError, AttributeError, IndexError, KeyError):
        return ()
    return tuple(_from_problem(p, path) for p in sorted(problems, key=_offset) if p.offset < stop)[:1]


def _first_char(text: str) -> tuple[int, int]:
    stripped = len(text) - len(text.lstrip())
    line = text.count("\n", 0, stripped) + 1
    return line, stripped - (text.rfind("\n", 0, stripped) + 1) + 1


def _syntax(span: Span, message: str, hint: str | None = None) -> Finding:
    return Finding(message, span, hint, rule=HCL_SYNTAX)


def _rejected(exc: BaseException, where: tuple[int, int] | None, text: str, path: str) -> Finding:
    """A Python error python-hcl2 raised on input its grammar accepts, as a syntax error."""
    if isinstance(exc, RecursionError):
        where = _deepest_opener(text) or where
        span = Span.point(path, *where) if where else Span.point(path)
        return _syntax(
            span,
            "blocks or expressions are nested too deeply for jobspec's HCL parser",
            "flatten the nesting: move inner parts into locals or separate blocks",
        )
    span = Span.point(path, *where) if where else Span.point(path)
    if isinstance(exc, RuntimeError) and str(exc).startswith("Unterminated template"):
        # python-hcl2's own words, e.g. "Unterminated template if directive".
        closer = "%{ endfor }" if " for " in str(exc) else "%{ endif }"
        return _syntax(span, str(exc), f"close the directive with {closer}")
    return _syntax(span, f"the HCL parser rejected this file: {exc}")


_DANGLING_NAME = re.compile(r"(?:^|\n)[ \t]*([^\W\d][\w-]*)[ \t\r]*\n?\Z")
_HEREDOC_OPEN = re.compile(r"<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?$")


def _trim_heredoc_closers(text: str) -> str:
    """Go's HCL trims spaces after a heredoc's closing marker; python-hcl2's grammar
    does not (upstream #343). Trimming them keeps every column where it was."""
    if "<<" not in text:
        return text
    lines = text.split("\n")
    marker = None
    for i, line in enumerate(lines):
        if marker is None:
            m = _HEREDOC_OPEN.search(line)
            if m:
                marker = m.group(1)
        elif line.strip() == marker:
            lines[i] = line.rstrip(" \t\r") + ("\r" if line.endswith("\r") else "")
            marker = None
    return "\n".join(lines)


def _describe(token_type: str, value: str) -> str:
    if token_type in ("NAME",) and value:
        return f"`{value}`"
    if token_type in ("INT_LITERAL", "FLOAT_LITERAL", "DECIMAL") and value:
        return f"number {value}"
    return _TOKEN_WORDS.get(token_type, f"`{value}`" if value else token_type.lower())


def _translate_token_error(exc, text: str, path: str) -> Finding:
    token = exc.token
    expected = set(exc.expected or ())
    line, column = exc.line, exc.column
    if token.type == "$END" or line in (None, -1):
        dangling = _DANGLING_NAME.search(text)
        if dangling:
            # A name alone on the last line, as a file cut short leaves it: hclsyntax
            # stops there (parser.go, ParseBodyItem) before it notices any open block.
            start = dangling.start(1)
            n_line = text.count("\n", 0, start) + 1
            n_col = start - text.rfind("\n", 0, start)
            return _syntax(
                Span(path, n_line, n_col, n_line, n_col + len(dangling.group(1))),
                f"Argument or block definition required: `{dangling.group(1)}` at the end of the file "
                "is neither an argument (`name = value`) nor a block (`name {`)",
                "the file may have been cut short",
            )
        opener = _unclosed_opener(text)
        if opener is not None:
            o_line, o_col, char = opener
            closer = {"{": "}", "[": "]", "(": ")"}[char]
            what = {"{": "block", "[": "list", "(": "parenthesis"}[char]
            # hclsyntax's summaries (parser.go: ParseBody, parseTupleCons, parseExpressionTerm);
            # the place is the bracket left open, closer than Go's outermost block.
            summary = {
                "{": "Unclosed configuration block",
                "[": "Unterminated tuple constructor expression",
                "(": "Unbalanced parentheses",
            }[char]
            return _syntax(
                Span(path, o_line, o_col, o_line, o_col + 1),
                f"{summary}: missing `{closer}` to close the {what} opened at line {o_line}",
                f"add `{closer}` after the last line of the {what}",
            )
        for candidate in range(1, text.count("\n") + 2):
            # The lexer reads an unclosed string to the end of the file.
            quote = _open_quote_column(text, candidate)
            if quote is not None:
                return _unterminated(Span(path, candidate, quote, candidate, quote + 1))
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
        return _syntax(Span.point(path, line, column), "unexpected end of file")
    value = str(token.value)
    if token.type in ("HEREDOC_TEMPLATE", "HEREDOC_TEMPLATE_TRIM", "STRING_CHARS") and value.startswith("<<"):
        head = value.split("\n", 1)[0].lstrip("<-")
        named = re.match(r"[A-Za-z_][\w-]*", head)
        marker = named.group(0) if named else head.strip()
        # hclsyntax reports it where the file ends (scan_tokens.rl reads the heredoc
        # to the end); the message names the line that opened it.
        end_line = text.count("\n") + 1
        end_column = len(text) - (text.rfind("\n") + 1) + 1
        return _syntax(
            Span(path, end_line, end_column, end_line, end_column),
            f"Unterminated template string: the heredoc opened at line {line} has no closing marker `{marker}`",
            f"end the heredoc with a line holding only `{marker}`",
        )
    width = max(1, len(value.split("\n", 1)[0]))
    span = Span(path, line, column, line, column + width)
    if "EQ" in expected and token.type != "EQ":
        return _syntax(
            span,
            f"Argument or block definition required: unexpected {_describe(token.type, value)}: "
            "an argument needs `=` between its name and value",
            "write `name = value`, or `name { ... }` for a block",
        )
    for candidate in (line - 1, line):
        quote = _open_quote_column(text, candidate)
        if quote is not None:
            return _unterminated(Span(path, candidate, quote, candidate, quote + 1))
    words = sorted({_TOKEN_WORDS[t] for t in expected if t in _TOKEN_WORDS and t != "NL_OR_COMMENT"})
    tail = f"; expected {', '.join(words[:-1]) + ' or ' + words[-1] if len(words) > 1 else words[0]}" if words else ""
    lead = _summary(expected)
    return _syntax(span, f"{lead + ': ' if lead else ''}unexpected {_describe(token.type, value)}{tail}")


def _summary(expected: set[str]) -> str | None:
    """hclsyntax's summary for where lark stopped, told by what lark would have taken."""
    if expected and expected <= {"$END", "NL_OR_COMMENT"}:
        return "Argument or block definition required"  # a stray token after the last item
    if "NAME" in expected and ("RBRACE" in expected or "$END" in expected) and "EQ" not in expected:
        return "Argument or block definition required"  # parser.go, ParseBody: a body item starts here
    if "LBRACE" in expected and "DBLQUOTE" in expected and "EQ" not in expected and "LPAR" not in expected:
        return "Invalid block definition"  # finishParsingBodyBlock: a label or `{` was due
    if "LPAR" in expected and "DBLQUOTE" in expected:
        return "Invalid expression"  # parseExpressionTerm: an expression was due
    return None


def _unterminated(span: Span) -> Finding:
    return _syntax(
        span,
        "Invalid multi-line string: a quoted string must end on the line it starts",
        'close the string with `"`, or use a heredoc (<<EOT ... EOT) for text over several lines',
    )


def _open_quote_column(text: str, line: int) -> int | None:
    """Column of a quote left open on ``line`` (comments and escapes aside), if any."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    row, open_at, i = lines[line - 1], None, 0
    while i < len(row):
        ch = row[i]
        if open_at is None and (ch == "#" or row.startswith("//", i)):
            break
        if ch == "\\" and open_at is not None:
            i += 2
            continue
        if ch == '"':
            open_at = None if open_at is not None else i + 1
        i += 1
    return open_at


def _unclosed_opener(text: str) -> tuple[int, int, str] | None:
    """The bracket most likely left open at end of file, skipping strings,
    comments and heredocs, so a missing `}` is reported where the block opens.

    Counting alone blames the outermost block; indentation tells more: a `}`
    that starts a line at the indentation of an outer block's line closes that
    outer block, so the inner block between them is the one left open."""
    stack: list[tuple[int, int, str, int]] = []
    suspect: tuple[int, int, str] | None = None
    for i, line, col, ch in _brackets(text):
        start = text.rfind("\n", 0, i) + 1
        prefix = text[start:i]
        indent = len(prefix) - len(prefix.lstrip(" \t"))
        if ch in "{[(":
            stack.append((line, col, ch, indent))
        elif stack:
            if prefix.strip() == "" and indent < stack[-1][3] and suspect is None:
                outer = [k for k, entry in enumerate(stack) if entry[3] == indent]
                if outer:
                    suspect = stack[-1][:3]
                    del stack[outer[-1] + 1 :]
            stack.pop()
    if suspect is not None:
        return suspect
    return stack[-1][:3] if stack else None


def _deepest_opener(text: str) -> tuple[int, int] | None:
    """Line and column of the first bracket at the greatest nesting depth."""
    depth, deepest, where = 0, 0, None
    for _, line, col, ch in _brackets(text):
        if ch in "{[(":
            depth += 1
            if depth > deepest:
                deepest, where = depth, (line, col)
        else:
            depth = max(0, depth - 1)
    return where


def _brackets(text: str) -> Iterator[tuple[int, int, int, str]]:
    """(offset, line, column, char) of every bracket outside strings, comments and heredocs."""
    i, n, line, col = 0, len(text), 1, 1
    heredoc: str | None = None

    def advance(k: int) -> None:
        nonlocal i, line, col
        for ch in text[i : i + k]:
            if ch == "\n":
                line, col = line + 1, 1
            else:
                col += 1
        i += k

    while i < n:
        if heredoc is not None:
            end = text.find("\n", i)
            end = n if end == -1 else end
            if text[i:end].strip() == heredoc:
                heredoc = None
            advance(end - i + 1)
            continue
        ch = text[i]
        if ch == "#" or text.startswith("//", i):
            end = text.find("\n", i)
            advance((n if end == -1 else end) - i)
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            advance((n if end == -1 else end + 2) - i)
        elif ch == '"':
            j = i + 1
            while j < n and text[j] not in '"\n':
                j += 2 if text[j] == "\\" else 1
            advance(min(j + 1, n) - i)
        elif text.startswith("<<", i) and (m := _HEREDOC_OPEN.match(text[i:].split("\n", 1)[0])):
            heredoc = m.group(1)
            end = text.find("\n", i)
            advance((n if end == -1 else end + 1) - i)
        else:
            if ch in "{[()]}":
                yield i, line, col, ch
            advance(1)


class _Builder:
    """Turns python-hcl2's rule tree into syntax dataclasses, noting what the
    parser let through that Go's HCL would reject."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.diagnostics: list[Finding] = []

    def span(self, node, fallback: Span | None = None) -> Span:
        m = node._meta  # private in python-hcl2 8.1.x; pinned and covered by tests
        if getattr(m, "empty", False) or not hasattr(m, "line"):
            # An empty body `{}` has no tokens and so no position of its own.
            return fallback or Span.point(self.path)
        return Span(self.path, m.line, m.column, m.end_line, m.end_column)

    def source(self, node) -> str:
        m = node._meta
        return self.text[m.start_pos : m.end_pos]

    def body(self, node, fallback: Span | None = None) -> Body:
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        seen_attr: dict[str, Attribute] = {}
        seen_block: dict[str, Block] = {}
        for child in node.children:
            if isinstance(child, AttributeRule):
                attr = self.attribute(child)
                first = seen_attr.get(attr.name)
                if first is not None:
                    self.diagnostics.append(
                        Finding(
                            f'Attribute redefined: the argument "{attr.name}" was already set '
                            f"at line {first.span.line}",
                            attr.name_span,
                            "delete one of the two definitions; HCL allows each argument once per block",
                            rule=HCL_DUPLICATE_ATTRIBUTE,
                        )
                    )
                    continue
                if attr.name in seen_block:
                    self._clash(attr.name, attr.name_span, seen_block[attr.name].span.line)
                seen_attr[attr.name] = attr
                attributes.append(attr)
            elif isinstance(child, BlockRule):
                block = self.block(child)
                if block.type in seen_attr:
                    self._clash(block.type, block.type_span, seen_attr[block.type].span.line)
                seen_block.setdefault(block.type, block)
                blocks.append(block)
        return Body(tuple(attributes), tuple(blocks), self.span(node, fallback))

    def _clash(self, name: str, span: Span, other_line: int) -> None:
        self.diagnostics.append(
            Finding(
                f'"{name}" is used both as an argument and as a block (the other one is at line {other_line})',
                span,
                f"use either `{name} = {{ ... }}` or `{name} {{ ... }}`, not both",
                rule=HCL_BLOCK_ATTRIBUTE_CLASH,
            )
        )

    def attribute(self, node) -> Attribute:
        ident = node.identifier
        expr = node.expression
        return Attribute(
            name=str(ident.token.value),
            name_span=self.span(ident),
            expr=Expr(self.span(expr), self.source(expr), expr),
            span=self.span(node),
        )

    def block(self, node) -> Block:
        type_node, *label_nodes = node.labels
        labels = []
        for label in label_nodes:
            raw = self.source(label)
            labels.append(_unquote_label(raw))
        return Block(
            type=str(type_node.token.value),
            type_span=self.span(type_node),
            labels=tuple(labels),
            label_spans=tuple(self.span(label) for label in label_nodes),
            body=self.body(node.body, self.span(node)),
            span=self.span(node),
        )


_LABEL_ESCAPE = re.compile(ESCAPE + r"|\$\$\{|%%\{")


def _unquote_label(raw: str) -> str:
    """A quoted block label's value: HCL decodes its escapes (``\\"``, ``\\n``,
    ``\\u00e9``, ``$${``) just as in any other string literal."""
    if len(raw) < 2 or not (raw.startswith('"') and raw.endswith('"')):
        return raw
    return _LABEL_ESCAPE.sub(_label_char, raw[1:-1])


def _label_char(match: re.Match[str]) -> str:
    if match.group(1) is None:  # `$${` or `%%{`
        return match.group(0)[1:]
    return escaped(match)
