"""The functions Nomad's jobspec2 offers, with cty's argument conversion and messages.

Each function is declared with its parameters (name and type, cty converts each
argument to its type before the call) and an optional variadic parameter. A
function raises :class:`FunctionError` with cty's wording; the evaluator turns
that into "Error in function call" at the call. Functions whose result is not
reproducible offline (``uuidv4``, ``bcrypt``, ``rsadecrypt``) return
:class:`Unknown`. Filesystem functions go through :class:`Files`, which refuses
paths outside the job file's folder unless told otherwise.

Modules only some functions need (hashlib, uuid, ipaddress, csv, yaml, ...)
are imported inside them: every run imports this module, few call them.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import ipaddress
import json
import math
import os
import re
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from jobspec.evaluate import numbers
from jobspec.evaluate.types import (
    ConversionError,
    CtyList,
    CtyMap,
    CtySet,
    convert,
    equal,
    is_number,
    make_set,
    nfc,
    to_string,
    type_name,
    type_of,
    unify,
)
from jobspec.evaluate.values import Unknown


class FunctionError(Exception):
    """A call that cannot produce a value; the message is cty's."""


class ArgumentError(FunctionError):
    """An argument that does not fit its parameter; ``index`` says which."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index


class FilesRefused(FunctionError):
    """A filesystem function asked for a path jobspec will not read."""


@dataclass(frozen=True)
class Files:
    """Where filesystem functions read. Nomad's CLI passes the job's base name, so its
    ``BaseDir`` is "." (jobspec2/functions.go, go-cty-funcs filesystem.MakeFileFunc):
    a relative path is joined to the current folder, ``base``. jobspec reads only below
    ``root`` (the folder it runs in, or ``fs-root`` from the configuration) unless
    ``allow_outside``, so that linting an untrusted job cannot read any file."""

    base: str
    root: str | None = None
    allow_outside: bool = False
    root_from_config: bool = False

    def joined(self, path: str) -> str:
        """homedir.Expand, then filepath.Join with the base and Clean, as go-cty-funcs does."""
        expanded = os.path.expanduser(path)
        return os.path.normpath(expanded if os.path.isabs(expanded) else os.path.join(self.base, expanded))

    def shown(self, path: str) -> str:
        """The path as Nomad's messages print it: joined to "." and cleaned."""
        expanded = os.path.expanduser(path)
        return os.path.normpath(expanded)

    def resolve(self, path: str) -> Path:
        full = Path(self.joined(path)).resolve()
        if not self.allow_outside:
            root = Path(self.root or self.base).resolve()
            if full != root and root not in full.parents:
                where = "fs-root in the configuration" if self.root_from_config else "the folder jobspec runs in"
                raise FilesRefused(
                    f"{path!r} is outside {root} ({where}); jobspec reads files only below it unless "
                    "--allow-fs-outside is given"
                )
        return full


@dataclass(frozen=True)
class Function:
    """A cty function.Spec: parameters (name, type), the variadic one, and which
    positions may be null (``-1``: the variadic ones; cty's ``AllowNull``)."""

    params: tuple[tuple[str, Any], ...]
    variadic: tuple[str, Any] | None
    impl: Callable[..., Any]
    files: bool = False
    nullable: tuple[int, ...] = ()


_FUNCTIONS: dict[str, Function] = {}
# Bounds on what one call may build, so a hostile job cannot make the linter hang.
_MAX_PAD = 10_000
_MAX_ITEMS = 100_000


def function(*params: tuple[str, Any], variadic: tuple[str, Any] | None = None, files: bool = False):
    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        name = fn.__name__.removeprefix("fn_")
        _FUNCTIONS[name] = Function(tuple(params), variadic, fn, files)
        return fn

    return register


def lookup_function(name: str) -> Function | None:
    return _FUNCTIONS.get(name)


def function_names() -> list[str]:
    return sorted([*_FUNCTIONS, "can", "convert", "try"])


def call(name: str, fn: Function, args: list[Any], files: Files | None) -> Any:
    """Convert ``args`` to the parameter types, then call; raises FunctionError."""
    fixed = len(fn.params)
    if len(args) < fixed:
        missing = fn.params[len(args)][0]
        raise FunctionError(
            f'Not enough function arguments: function "{name}" expects {fixed} argument(s). '
            f'Missing value for "{missing}".'
        )
    if len(args) > fixed and fn.variadic is None:
        raise FunctionError(f'Too many function arguments: function "{name}" expects only {fixed} argument(s).')
    converted: list[Any] = []
    for i, value in enumerate(args):
        pname, ptype = fn.params[i] if i < fixed else fn.variadic  # type: ignore[misc]
        if value is None:
            if i in fn.nullable or (i >= fixed and -1 in fn.nullable):
                converted.append(None)
                continue
            raise ArgumentError(i, f'Invalid value for "{pname}" parameter: argument must not be null.')
        try:
            converted.append(convert(value, ptype))
        except ConversionError as exc:
            raise ArgumentError(i, f'Invalid value for "{pname}" parameter: {exc}.') from None
    if fn.files:
        if files is None:
            return Unknown(f"{name}() needs the job file's folder")
        return fn.impl(files, *converted)
    return fn.impl(*converted)


# -- numbers (go-cty function/stdlib/number.go) ------------------------------------
@function(("num", "number"))
def fn_abs(n):
    if n == 0:
        return numbers.make(0, numbers.parts(n)[1])  # big.Float.Abs clears the sign of -0
    return n if numbers.sign(n) > 0 else numbers.neg(n)


def _whole_toward(n: Any, up: bool) -> Any:
    if numbers.is_inf(n):
        return n
    exact, prec = numbers.parts(n)
    return numbers.make(math.ceil(exact) if up else math.floor(exact), prec)


@function(("num", "number"))
def fn_ceil(n):
    return _whole_toward(n, up=True)


@function(("num", "number"))
def fn_floor(n):
    return _whole_toward(n, up=False)


@function(("num", "number"), ("base", "number"))
def fn_log(n, base):
    # LogFunc: math.Log(num) / math.Log(base) in float64.
    try:
        a = math.log(float(n)) if float(n) > 0 else (-math.inf if float(n) == 0 else math.nan)
        b = math.log(float(base)) if float(base) > 0 else (-math.inf if float(base) == 0 else math.nan)
        return numbers.from_float(a / b)
    except (ZeroDivisionError, numbers.NumberError):
        raise FunctionError("the result is not a number") from None


@function(("num", "number"), ("power", "number"))
def fn_pow(n, p):
    # PowFunc: Go's math.Pow over float64s.
    try:
        return numbers.from_float(_go_pow(float(n), float(p)))
    except numbers.NumberError:
        raise FunctionError("the result is not a number") from None


def _go_pow(x: float, y: float) -> float:
    """Go's math.Pow (src/math/pow.go): integer powers by repeated squaring of the
    mantissa, so results can differ from C's pow in the last bit."""
    inf = math.inf
    if y == 0 or x == 1:
        return 1.0
    if y == 1:
        return x
    if math.isnan(x) or math.isnan(y):
        return math.nan
    odd = y.is_integer() and abs(y) < 2**53 and int(y) % 2 == 1
    if x == 0:
        negative = math.copysign(1.0, x) < 0
        if y < 0:
            return -inf if negative and odd else inf
        return x if negative and odd else 0.0
    if math.isinf(y):
        if x == -1:
            return 1.0
        return 0.0 if (abs(x) < 1) == (y > 0) else inf
    if math.isinf(x):
        if x < 0:
            return _go_pow(1 / x, -y)
        return 0.0 if y < 0 else inf
    if y == 0.5:
        return math.sqrt(x)
    if y == -0.5:
        return 1 / math.sqrt(x)
    yf, yi = math.modf(abs(y))
    if yf != 0 and x < 0:
        return math.nan
    if yi >= 2**63:
        if x == -1:
            return 1.0
        return 0.0 if (abs(x) < 1) == (y > 0) else inf
    a1, ae = 1.0, 0
    if yf != 0:
        if yf > 0.5:
            yf -= 1
            yi += 1
        a1 = math.exp(yf * math.log(x))
    x1, xe = math.frexp(x)
    i = int(yi)
    while i != 0:
        if xe < -(1 << 12) or xe > (1 << 12):
            ae += xe
            break
        if i & 1:
            a1 *= x1
            ae += xe
        x1 *= x1
        xe <<= 1
        if x1 < 0.5:
            x1 += x1
            xe -= 1
        i >>= 1
    if y < 0:
        a1 = 1 / a1
        ae = -ae
    try:
        return math.ldexp(a1, ae)
    except OverflowError:
        return math.copysign(inf, a1)


@function(("num", "number"))
def fn_signum(n):
    # SignumFunc reads its argument into a Go int first.
    whole = numbers.as_int(n) if not numbers.is_inf(n) else None
    if whole is None or not -(2**63) <= whole < 2**63:
        raise FunctionError(_NOT_GO_INT)
    return numbers.go_int((whole > 0) - (whole < 0))


_NOT_GO_INT = "value must be a whole number, between -9223372036854775808 and 9223372036854775807"


@function(variadic=("numbers", "number"))
def fn_max(*nums):
    if not nums:
        raise FunctionError("must pass at least one number")
    best = nums[0]
    for n in nums[1:]:
        if numbers.compare(n, best) > 0:
            best = n
    return best


@function(variadic=("numbers", "number"))
def fn_min(*nums):
    if not nums:
        raise FunctionError("must pass at least one number")
    best = nums[0]
    for n in nums[1:]:
        if numbers.compare(n, best) < 0:
            best = n
    return best


_GO_INT = re.compile(r"[+-]?[0-9A-Za-z]+")


@function(("number", "any"), ("base", "number"))
def fn_parseint(text, base):
    # ParseIntFunc: big.Int.SetString(s, base): an optional sign and digits, nothing else.
    if not isinstance(text, str):
        raise ArgumentError(0, 'Invalid value for "number" parameter: a string is required.')
    whole = numbers.as_int(base) if not numbers.is_inf(base) else None
    if whole is None or not 2 <= whole <= 62:
        raise ArgumentError(
            1,
            'Invalid value for "base" parameter: base must be a whole number between 2 and 62 inclusive.',
        )
    digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    body = text.lstrip("+-")
    value = 0
    ok = bool(_GO_INT.fullmatch(text)) and len(text) - len(body) <= 1
    for ch in body if ok else "":
        digit = digits.find(ch if whole > 36 else ch.lower())
        if not 0 <= digit < whole:
            ok = False
            break
        value = value * whole + digit
    if not ok:
        raise ArgumentError(
            0, f'Invalid value for "number" parameter: cannot parse {_quoted(text)} as a base {whole} integer.'
        )
    # big.Float.SetInt: the integer's own bit length, at least 64.
    return numbers.go_int(-value if text.startswith("-") else value)


# -- strings (go-cty function/stdlib/string.go) ------------------------------------
def _graphemes(s: str) -> list[str]:
    """Extended grapheme clusters, as cty splits strings (apparentlymart/go-textseg)."""
    if s.isascii() and "\r\n" not in s:
        return list(s)
    try:
        import regex  # deferred: only non-ASCII text needs the grapheme rules
    except ImportError:  # a declared dependency; without it, say so rather than fail
        raise FunctionError("counting grapheme clusters needs the Python package regex") from None
    return regex.findall(r"\X", s)


def _simple_case(s: str, upper: bool) -> str:
    # Go's unicode.ToUpper / ToLower map one rune to one rune; Python's full mapping
    # may give several (ß → SS), which Go leaves alone.
    if s.isascii():
        return s.upper() if upper else s.lower()
    out = []
    for ch in s:
        mapped = ch.upper() if upper else ch.lower()
        out.append(mapped if len(mapped) == 1 else _SPECIAL_SIMPLE.get((ch, upper), ch))
    return nfc("".join(out))


# Runes whose simple mapping exists while Python's full mapping is longer.
_SPECIAL_SIMPLE = {("İ", False): "i"}


@function(("str", "string"))
def fn_upper(s):
    return _simple_case(s, upper=True)


@function(("str", "string"))
def fn_lower(s):
    return _simple_case(s, upper=False)


def _go_separator(ch: str) -> bool:
    """strings.Title's isSeparator."""
    if ch.isascii():
        return not (ch.isalnum() or ch == "_")
    if ch.isalpha() or ch.isdigit():
        return False
    return ch.isspace()


@function(("str", "string"))
def fn_title(s):
    # TitleFunc is Go's strings.Title: a letter after a separator takes its title case.
    out, prev = [], " "
    for ch in s:
        if _go_separator(prev):
            titled = ch.title()
            ch = titled if len(titled) == 1 else ch
        out.append(ch)
        prev = ch
    return nfc("".join(out))


@function(("str", "string"))
def fn_chomp(s):
    return re.sub(r"(?:\r\n|\n|\r)+\Z", "", s)


@function(("str", "string"))
def fn_strlen(s):
    return numbers.go_int(len(_graphemes(s)))


@function(("str", "string"))
def fn_reverse(s):
    # Nomad maps both reverse and strrev to cty's ReverseFunc, by grapheme cluster.
    return "".join(reversed(_graphemes(s)))


_FUNCTIONS["strrev"] = _FUNCTIONS["reverse"]


# unicode.IsSpace, which strings.TrimSpace uses.
_GO_SPACE = (
    " \t\n\v\f\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


@function(("str", "string"))
def fn_trimspace(s):
    return s.strip(_GO_SPACE)


@function(("str", "string"), ("cutset", "string"))
def fn_trim(s, cutset):
    return s.strip(cutset) if cutset else s


@function(("str", "string"), ("prefix", "string"))
def fn_trimprefix(s, prefix):
    return s.removeprefix(prefix)


@function(("str", "string"), ("suffix", "string"))
def fn_trimsuffix(s, suffix):
    return s.removesuffix(suffix)


@function(("spaces", "number"), ("str", "string"))
def fn_indent(spaces, s):
    count = numbers.as_int(spaces) if not numbers.is_inf(spaces) else None
    if count is None or not 0 <= count <= _MAX_PAD:
        raise FunctionError(f"the number of spaces must be a whole number between 0 and {_MAX_PAD}")
    return s.replace("\n", "\n" + " " * count)


def _int_arg(value: Any, index: int, name: str) -> int:
    whole = numbers.as_int(value) if not numbers.is_inf(value) else None
    if whole is None:
        raise ArgumentError(index, f'Invalid value for "{name}" parameter: value must be a whole number.')
    return whole


@function(("str", "string"), ("offset", "number"), ("length", "number"))
def fn_substr(s, offset, length):
    # SubstrFunc: by grapheme cluster; an offset past the end gives "".
    offset, length = _int_arg(offset, 1, "offset"), _int_arg(length, 2, "length")
    clusters = _graphemes(s)
    if offset < 0:
        offset = max(len(clusters) + offset, 0)
    if offset > len(clusters):
        return ""
    end = len(clusters) if length < 0 else min(offset + length, len(clusters))
    return "".join(clusters[offset:end])


@function(("separator", "string"), ("str", "string"))
def fn_split(sep, s):
    if not sep:
        return CtyList(list(s), "string")
    return CtyList(s.split(sep), "string")


@function(("separator", "string"), variadic=("lists", ("list", "string")))
def fn_join(sep, *lists):
    if not lists:
        raise FunctionError("at least one list is required")
    items = []
    for index, lst in enumerate(lists):
        for position, item in enumerate(lst):
            if item is None:
                raise ArgumentError(
                    1 + index,
                    f'Invalid value for "lists" parameter: element {position} is null; cannot concatenate null values.',
                )
            items.append(item)
    return sep.join(items)


@function(("str", "string"), ("substr", "string"), ("replace", "string"))
def fn_replace(s, substr, repl):
    # Nomad's replace is cty's ReplaceFunc: literal text, no regular expressions.
    if substr == "":
        # strings.Replace with an empty old string inserts the new one around every rune.
        return repl + "".join(ch + repl for ch in s)
    return s.replace(substr, repl)


@function(("str", "string"), ("pattern", "string"), ("replace", "string"))
def fn_regex_replace(s, pattern, repl):
    return _regex_sub(pattern, repl, s)


def _regex_sub(pattern: str, repl: str, s: str) -> str:
    """Go's regexp.ReplaceAllString with RE2 syntax (google-re2) and Go's ``$`` expansion."""
    try:
        import re2  # deferred: only regex_replace needs RE2
    except ImportError:  # a declared dependency; without it, say so rather than fail
        raise FunctionError("RE2 regular expressions need the Python package google-re2") from None

    try:
        compiled = re2.compile(pattern)
    except re2.error as exc:
        raise FunctionError(f"error parsing regexp: {exc}") from None
    out, pos, last_end = [], 0, -1
    while pos <= len(s):
        m = compiled.search(s, pos)
        if m is None:
            break
        start, end = m.span()
        if end == start and start == last_end:
            # Go ignores an empty match right after the previous match.
            if start >= len(s):
                break
            out.append(s[start])
            pos = start + 1
            continue
        out.append(s[pos:start] if pos <= start else "")
        out.append(_expand(repl, m, compiled))
        last_end = end
        if end == start:
            if start < len(s):
                out.append(s[start])
            pos = start + 1
        else:
            pos = end
    out.append(s[pos:] if pos <= len(s) else "")
    return "".join(out)


_GO_NAME = re.compile(r"[A-Za-z0-9_]+")


def _expand(template: str, m: Any, compiled: Any) -> str:
    """regexp.Regexp.Expand: ``$1``, ``${1}``, ``$name``; ``$$`` is ``$``; an unknown name is ""."""
    out, i = [], 0
    groups = compiled.groupindex
    while i < len(template):
        ch = template[i]
        if ch != "$" or i + 1 >= len(template):
            out.append(ch)
            i += 1
            continue
        if template[i + 1] == "$":
            out.append("$")
            i += 2
            continue
        if template[i + 1] == "{":
            close = template.find("}", i + 2)
            name = template[i + 2 : close] if close > 0 else ""
            if close < 0 or not _GO_NAME.fullmatch(name):
                out.append("$")
                i += 1
                continue
            i = close + 1
        else:
            named = _GO_NAME.match(template, i + 1)
            if named is None:
                out.append("$")
                i += 1
                continue
            name = named.group(0)
            i = named.end()
        if name.isdigit():
            number = int(name)
            value = m.group(number) if number <= compiled.groups else None
        else:
            value = m.group(name) if name in groups else None
        out.append(value or "")
    return "".join(out)


@function(("str", "string"))
def fn_urlencode(s):
    return urllib.parse.quote_plus(s, safe="")


@function(("str", "string"))
def fn_base64encode(s):
    return base64.b64encode(s.encode()).decode()


@function(("str", "string"))
def fn_base64decode(s):
    # go-cty-funcs encoding.Base64DecodeFunc: Go's StdEncoding (padding required), then UTF-8.

    try:
        raw = base64.b64decode(s, validate=True)
    except (ValueError, binascii.Error):
        raise FunctionError(f"failed to decode base64 data '{s}'") from None
    try:
        return nfc(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise FunctionError("the result of decoding the the provided string is not valid UTF-8") from None


def _digest(algorithm: str) -> Callable[[str], str]:
    def digest(s: str) -> str:
        return hashlib.new(algorithm, s.encode()).hexdigest()

    return digest


for _name in ("md5", "sha1", "sha256", "sha512"):
    _FUNCTIONS[_name] = Function((("str", "string"),), None, _digest(_name))


@function(("str", "any"), variadic=("args", "any"))
def fn_bcrypt(*_args):
    return Unknown("bcrypt() salts randomly, so its result is only known when Nomad runs it")


@function(("ciphertext", "string"), ("privatekey", "string"))
def fn_rsadecrypt(*_args):
    return Unknown("rsadecrypt() needs a private key, so its result is not checked offline")


@function()
def fn_uuidv4():
    return Unknown("uuidv4() is random, so its result is only known when Nomad runs it")


@function(("namespace", "string"), ("name", "string"))
def fn_uuidv5(namespace, name):
    spaces = {
        "dns": uuid.NAMESPACE_DNS,
        "url": uuid.NAMESPACE_URL,
        "oid": uuid.NAMESPACE_OID,
        "x500": uuid.NAMESPACE_X500,
    }
    space = spaces.get(namespace)
    if space is None:
        try:
            space = uuid.UUID(namespace)
        except ValueError:
            # google/uuid.Parse's reasons, which go-cty-funcs' uuid.V5Func quotes
            size = len(namespace)
            reason = "invalid UUID format" if size in (32, 36, 38, 41) else f"invalid UUID length: {size}"
            raise FunctionError(f"uuidv5() doesn't support namespace {namespace} ({reason})") from None
    return str(uuid.uuid5(space, name))


# -- format --------------------------------------------------------------------
_VERB = re.compile(r"%(?P<flags>[-+# 0]*)(?:\[(?P<index>\d+)\])?(?P<width>\d+)?(?:\.(?P<prec>\d*))?(?P<verb>[a-zA-Z%])")


@function(("format", "string"), variadic=("args", "any"))
def fn_format(fmt, *args):
    return _format(fmt, list(args))


@function(("format", "string"), variadic=("args", "any"))
def fn_formatlist(fmt, *args):
    lengths = {len(a) for a in args if isinstance(a, list)}
    if len(lengths) > 1:
        raise FunctionError("all arguments must have the same length")
    count = lengths.pop() if lengths else 1
    return CtyList([_format(fmt, [a[i] if isinstance(a, list) else a for a in args]) for i in range(count)], "string")


def _format(fmt: str, args: list[Any]) -> str:
    out: list[str] = []
    pos, next_arg, highest = 0, 0, 0
    for m in _VERB.finditer(fmt):
        out.append(fmt[pos : m.start()])
        pos = m.end()
        verb = m.group("verb")
        if verb == "%":
            out.append("%")
            continue
        if m.group("index"):
            next_arg = int(m.group("index")) - 1
        if next_arg >= len(args):
            raise FunctionError(
                f"error on format iteration 0: not enough arguments for {_quoted(m.group(0))} at {m.start()}: "
                f"need index {next_arg + 1} but have {len(args)} total"
            )
        value = args[next_arg]
        next_arg += 1
        highest = max(highest, next_arg)
        out.append(_format_one(m, verb, value))
    out.append(fmt[pos:])
    if highest < len(args):
        # format_fsm.go: extraneous arguments are an error, pointed at the first unused one.
        detail = "no verbs in format string" if highest == 0 else f"only {highest} used by format string"
        raise ArgumentError(highest + 1, f'Invalid value for "args" parameter: too many arguments; {detail}.')
    return "".join(out)


def _quoted(text: str) -> str:
    """Go's %q, which cty's messages use."""
    return json.dumps(text, ensure_ascii=False)


def _format_one(m: re.Match[str], verb: str, value: Any) -> str:
    flags, width, prec = m.group("flags"), m.group("width"), m.group("prec")
    if int(width or 0) > _MAX_PAD or int(prec or 0) > _MAX_PAD:
        raise FunctionError(f"width and precision in {_quoted(m.group(0))} must not exceed {_MAX_PAD}")
    if verb in "dboxXeEfgG":
        try:
            value = convert(value, "number")
        except ConversionError as exc:
            raise FunctionError(f"unsupported value for {_quoted(m.group(0))} at {m.start()}: {exc}") from None
    if verb in "dboxX":
        whole = numbers.as_int(value) if not numbers.is_inf(value) else None
        if whole is None:
            raise FunctionError(f"unsupported value for {_quoted(m.group(0))} at {m.start()}: an integer is required")
        value = whole
    if verb in "bdoxX":
        spec = {"d": "d", "b": "b", "o": "o", "x": "x", "X": "X"}[verb]
        text = format(value, ("+" if "+" in flags else "") + ("#" if "#" in flags else "") + spec)
    elif verb in "eEfgG":
        text = format(
            float(value), ("+" if "+" in flags else "") + (f".{prec or 0}" if prec is not None else "") + verb
        )
        if prec is None and verb in "fF":
            text = format(float(value), ("+" if "+" in flags else "") + ".6f")
    elif verb == "t":
        try:
            text = "true" if convert(value, "bool") else "false"
        except ConversionError as exc:
            raise FunctionError(f"unsupported value for {_quoted(m.group(0))} at {m.start()}: {exc}") from None
    elif verb == "q":
        try:
            text = _json_string(to_string(value))  # cty's %q is JSON's quoting
        except ConversionError as exc:
            raise FunctionError(f"unsupported value for {_quoted(m.group(0))} at {m.start()}: {exc}") from None
    elif verb == "s":
        try:
            text = to_string(value)
        except ConversionError as exc:
            raise FunctionError(f"unsupported value for {_quoted(m.group(0))} at {m.start()}: {exc}") from None
        if prec:
            text = text[: int(prec)]
    elif verb == "v":
        text = to_string(value) if not isinstance(value, (list, dict)) and value is not None else _json(value)
        if "#" in flags:
            text = _json(value)
    else:
        raise FunctionError(f"unsupported format verb {_quoted(m.group(0))} at {m.start()}")
    if width and len(text) < int(width):
        pad = int(width) - len(text)
        if "-" in flags:
            text += " " * pad
        elif "0" in flags and verb not in "sqtv":
            sign = text[0] if text[:1] in "+-" else ""
            text = sign + "0" * pad + text[len(sign) :]
        else:
            text = " " * pad + text
    return text


# -- collections (go-cty function/stdlib/collection.go, set.go, sequence.go) --------
@function(("collection", "any"))
def fn_length(value):
    # LengthFunc: lists, sets, tuples and maps; a string is refused (strlen counts those).
    if isinstance(value, dict) and not isinstance(value, CtyMap):
        raise FunctionError("collection must be a list, a map or a tuple")
    if isinstance(value, (list, CtyMap)):
        return numbers.go_int(len(value))
    raise FunctionError("collection must be a list, a map or a tuple")


@function(("list", "any"), ("index", "number"))
def fn_element(lst, index):
    if not isinstance(lst, list) or isinstance(lst, CtySet):
        raise ArgumentError(0, 'Invalid value for "list" parameter: cannot read elements from ' + type_name(lst) + ".")
    whole = numbers.as_int(index) if not numbers.is_inf(index) else None
    if whole is None:
        raise ArgumentError(1, 'Invalid value for "index" parameter: value must be a whole number.')
    if not lst:
        raise FunctionError("cannot use element function with an empty list")
    # go-cty 1.15: a negative index counts from the end (Nomad pins a newer cty than 1.12).
    return lst[whole % len(lst)]


@function(("collection", "any"), ("key", "any"))
def fn_index(collection, key):
    # Nomad's index is cty's IndexFunc: collection[key], not Terraform's search.
    if isinstance(collection, CtyMap):
        if not isinstance(key, str):
            raise FunctionError("key for map must be string")
        if key not in collection:
            raise FunctionError("the given key does not exist in the map")
        return collection[key]
    if not isinstance(collection, list) or isinstance(collection, CtySet):
        raise FunctionError("collection must be a list, a map or a tuple")
    what = "list" if isinstance(collection, CtyList) else "tuple"
    if key is None or not is_number(key):
        raise FunctionError(f"key for {what} must be number")
    whole = numbers.as_int(key) if not numbers.is_inf(key) else None
    if whole is None or not -(2**63) <= whole < 2**63:
        raise FunctionError(
            f"invalid key for {what}: value must be a whole number, between -9223372036854775808 and "
            "9223372036854775807"
        )
    if not 0 <= whole < len(collection):
        raise FunctionError(f"key must be between 0 and {len(collection)} inclusive")
    return collection[whole]


@function(("list", "any"), ("value", "any"))
def fn_contains(lst, value):
    if not isinstance(lst, list):
        raise ArgumentError(0, 'Invalid value for "list" parameter: argument must be list, tuple, or set.')
    return any(equal(item, value) for item in lst)


_FUNCTIONS["contains"] = Function((("list", "any"), ("value", "any")), None, fn_contains, nullable=(1,))


@function(("inputMap", "any"), ("key", "string"), ("default", "any"))
def fn_lookup(mapping, key, default):
    # LookupFunc takes exactly three arguments; a missing key gives the default.
    if not isinstance(mapping, dict):
        raise ArgumentError(0, 'Invalid value for "inputMap" parameter: the given argument must be a map or object.')
    if key in mapping:
        return mapping[key]
    if isinstance(mapping, CtyMap) and mapping.elem != "any" and default is not None:
        try:
            return convert(default, mapping.elem)
        except ConversionError as exc:
            raise FunctionError(str(exc)) from None
    return default


_FUNCTIONS["lookup"] = Function(
    (("inputMap", "any"), ("key", "string"), ("default", "any")), None, fn_lookup, nullable=(2,)
)


def fn_merge(*maps):
    result: dict[str, Any] = {}
    all_maps = True
    for i, m in enumerate(maps):
        if m is None:
            continue
        if not isinstance(m, dict):
            raise ArgumentError(
                i, f'Invalid value for "maps" parameter: arguments must be maps or objects, got "{type_name(m)}".'
            )
        all_maps = all_maps and isinstance(m, CtyMap)
        result.update(m)
    present = [m for m in maps if m is not None]
    if all_maps and present:
        # MergeFunc: maps only give a map of their unified element type.
        elem = unify([m.elem for m in present])
        if elem is None:
            raise FunctionError("all arguments must have the same type")
        return CtyMap({k: convert(result[k], elem) for k in sorted(result)}, elem)
    return dict(sorted(result.items()))


_FUNCTIONS["merge"] = Function((), ("maps", "any"), fn_merge, nullable=(-1,))


@function(("inputMap", "any"))
def fn_keys(m):
    if not isinstance(m, dict):
        raise ArgumentError(0, 'Invalid value for "inputMap" parameter: must have map or object type.')
    names = sorted(m)
    return CtyList(names, "string") if isinstance(m, CtyMap) else names


@function(("mapping", "any"))
def fn_values(m):
    if not isinstance(m, dict):
        raise ArgumentError(0, 'Invalid value for "mapping" parameter: must have map or object type.')
    items = [m[k] for k in sorted(m)]
    return CtyList(items, m.elem) if isinstance(m, CtyMap) else items


@function(("keys", ("list", "string")), ("values", "any"))
def fn_zipmap(keys, values):
    if not isinstance(values, list) or isinstance(values, CtySet):
        raise ArgumentError(1, 'Invalid value for "values" parameter: values argument must be a list or tuple value.')
    if len(keys) != len(values):
        raise FunctionError(f"number of keys ({len(keys)}) does not match number of values ({len(values)})")
    if any(k is None for k in keys):
        raise FunctionError("keys list has null value")
    result = dict(zip(keys, values, strict=True))
    if isinstance(values, CtyList):
        return CtyMap(dict(sorted(result.items())), values.elem)
    return dict(sorted(result.items()))


@function(variadic=("seqs", "any"))
def fn_concat(*lists):
    if not lists:
        raise FunctionError("at least one argument is required")
    for i, lst in enumerate(lists):
        if not isinstance(lst, list) or isinstance(lst, CtySet):
            raise ArgumentError(
                i, f'Invalid value for "seqs" parameter: all arguments must be lists or tuples; got {type_name(lst)}.'
            )
    items = [item for lst in lists for item in lst]
    if all(isinstance(lst, CtyList) for lst in lists):
        elem = unify([lst.elem for lst in lists])
        if elem is not None:
            return CtyList([convert(v, elem) for v in items], elem)
    return items


@function(("list", ("list", "any")))
def fn_distinct(lst):
    result: list[Any] = []
    for item in lst:
        if not any(equal(item, r) for r in result):
            result.append(item)
    return CtyList(result, lst.elem)


@function(("list", "any"))
def fn_flatten(lst):
    if not isinstance(lst, list):
        raise ArgumentError(0, 'Invalid value for "list" parameter: can only flatten lists, sets and tuples.')
    return _flat(lst)


def _flat(lst: list[Any]) -> list[Any]:
    result: list[Any] = []
    for item in lst:
        result.extend(_flat(item) if isinstance(item, list) else [item])
    return result


@function(("list", ("list", "string")))
def fn_compact(lst):
    return CtyList([item for item in lst if item not in (None, "")], "string")


@function(("list", ("list", "string")))
def fn_sort(lst):
    for i, item in enumerate(lst):
        if item is None:
            raise ArgumentError(
                0,
                f'Invalid value for "list" parameter: given list element {i} is null; a null string cannot be sorted.',
            )
    return CtyList(sorted(lst, key=lambda v: v.encode()), "string")


@function(("list", ("list", "any")), ("size", "number"))
def fn_chunklist(lst, size):
    whole = numbers.as_int(size) if not numbers.is_inf(size) else None
    if whole is None or whole < 0:
        raise ArgumentError(1, 'Invalid value for "size" parameter: the size argument must be positive.')
    chunk_type = ("list", lst.elem)
    if not lst:
        return CtyList([], chunk_type)
    if whole == 0:
        return CtyList([lst], chunk_type)
    return CtyList([CtyList(lst[i : i + whole], lst.elem) for i in range(0, len(lst), whole)], chunk_type)


@function(("list", "any"), ("start_index", "number"), ("end_index", "number"))
def fn_slice(lst, start, end):
    if not isinstance(lst, list) or isinstance(lst, CtySet):
        raise ArgumentError(0, 'Invalid value for "list" parameter: must be a list or tuple value.')
    a, b = numbers.as_int(start), numbers.as_int(end)
    if a is None or a < 0:
        raise ArgumentError(1, 'Invalid value for "start_index" parameter: start index must not be less than zero.')
    if b is None or b > len(lst):
        raise ArgumentError(
            2, 'Invalid value for "end_index" parameter: end index must not be greater than the length of the list.'
        )
    if a > b:
        raise ArgumentError(
            1, 'Invalid value for "start_index" parameter: start index must not be greater than end index.'
        )
    part = lst[a:b]
    return CtyList(part, lst.elem) if isinstance(lst, CtyList) else part


def fn_coalesce(*vals):
    # CoalesceFunc: the arguments are unified to one type; only nulls are skipped.
    wanted = unify([type_of(v) for v in vals])
    if wanted is None or not vals:
        raise FunctionError("all arguments must have the same type")
    for value in vals:
        if value is not None:
            return convert(value, wanted)
    raise FunctionError("no non-null arguments")


_FUNCTIONS["coalesce"] = Function((), ("vals", "any"), fn_coalesce, nullable=(-1,))


@function(variadic=("vals", "any"))
def fn_coalescelist(*lists):
    for i, lst in enumerate(lists):
        if not isinstance(lst, list) or isinstance(lst, CtySet):
            raise ArgumentError(
                i,
                'Invalid value for "vals" parameter: coalescelist arguments must be lists or tuples, '
                f"got {type_name(lst)}.",
            )
    for lst in lists:
        if lst:
            return lst
    raise FunctionError("no non-null arguments")


@function(variadic=("params", "number"))
def fn_range(*params):
    if not 1 <= len(params) <= 3:
        raise FunctionError("must have one, two, or three arguments")
    start, stop, step = (
        (0, params[0], 1) if len(params) == 1 else (params[0], params[1], params[2] if len(params) == 3 else 1)
    )
    if len(params) < 3 and numbers.compare(stop, start) < 0:
        step = -1
    if numbers.sign(step) == 0:
        raise FunctionError("step must not be zero")
    up = numbers.sign(step) > 0
    if (up and numbers.compare(start, stop) > 0) or (not up and numbers.compare(start, stop) < 0):
        raise FunctionError("step must be positive for an increasing range and negative for a decreasing one")
    result, value = [], start
    while numbers.compare(value, stop) < 0 if up else numbers.compare(value, stop) > 0:
        result.append(value)
        if len(result) > 1024:
            raise FunctionError(
                "more than 1024 values were generated; either decrease the difference or increase the step"
            )
        value = numbers.add(value, step)
    return CtyList(result, "number")


def _sets(name: str, sets: tuple[Any, ...]) -> tuple[list[CtySet], Any]:
    """The arguments as sets of one unified element type (cty's set functions take set(any))."""
    converted = []
    for i, s in enumerate(sets):
        try:
            converted.append(convert(s, ("set", "any")))
        except ConversionError as exc:
            raise ArgumentError(i, f'Invalid value for "{name}" parameter: {exc}.') from None
    elem = unify([s.elem for s in converted]) if converted else "any"
    if elem is None:
        raise FunctionError("given sets must all have compatible element types")
    return [make_set([convert(v, elem) for v in s], elem) for s in converted], elem


@function(("first_set", "any"), variadic=("other_sets", "any"))
def fn_setunion(*sets):
    converted, elem = _sets("first_set", sets)
    return make_set([item for s in converted for item in s], elem)


@function(("first_set", "any"), variadic=("other_sets", "any"))
def fn_setintersection(*sets):
    converted, elem = _sets("first_set", sets)
    first, *rest = converted
    return make_set([item for item in first if all(any(equal(item, o) for o in other) for other in rest)], elem)


@function(variadic=("sets", "any"))
def fn_setproduct(*sets):
    # SetProductFunc: a tuple counts as a list of its unified element type; the result
    # is a list of tuples when every argument is a list (or tuple), else a set.
    if len(sets) < 2:
        raise FunctionError("at least two arguments are required")
    lists, elems = [], []
    for i, s in enumerate(sets):
        if isinstance(s, (CtyList, CtySet)):
            elem = s.elem
        elif isinstance(s, list):
            elem = unify([type_of(v) for v in s]) if s else "any"
            if elem is None:
                raise ArgumentError(i, 'Invalid value for "sets" parameter: all elements must be of the same type.')
            s = [convert(v, elem) for v in s]
        else:
            raise ArgumentError(i, 'Invalid value for "sets" parameter: a set or a list is required.')
        lists.append(s)
        elems.append(elem)
    if math.prod(len(s) for s in lists) > _MAX_ITEMS:
        raise FunctionError(f"the product would have more than {_MAX_ITEMS} elements")
    result: list[list[Any]] = [[]]
    for s in lists:
        result = [[*prefix, item] for prefix in result for item in s]
    tuple_type = ("tuple", tuple(elems))
    if any(isinstance(s, CtySet) for s in lists):
        return make_set(result, tuple_type)
    return CtyList(result, tuple_type)


# -- encodings (go-cty cty/json, go-cty-yaml) -----------------------------------------
_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _json_string(s: str) -> str:
    """Go's encoding/json string form: HTML characters, controls and U+2028/9 escaped."""
    out = ['"']
    for ch in s:
        if ch in _JSON_ESCAPES:
            out.append(_JSON_ESCAPES[ch])
        elif ch < " " or ch in "<>&\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _json(value: Any) -> str:
    """cty/json.Marshal: keys in order, numbers as cty prints them."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        if numbers.is_inf(value):
            raise FunctionError("cannot serialize infinity as JSON")
        return numbers.text(value)
    if isinstance(value, str):
        return _json_string(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{_json_string(k)}:{_json(value[k])}" for k in sorted(value)) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json(v) for v in value) + "]"
    raise FunctionError("value is not known")


@function(("val", "any"))
def fn_jsonencode(value):
    return _json(value)


_FUNCTIONS["jsonencode"] = Function((("val", "any"),), None, fn_jsonencode, nullable=(0,))


@function(("str", "string"))
def fn_jsondecode(s):
    # cty/json ImpliedType + Unmarshal: objects and arrays become objects and tuples,
    # numbers are read from their text.
    def number_text(text: str) -> Any:
        return numbers.parse(text)

    def refuse(text: str) -> Any:
        raise ValueError(f"invalid character {text!r}")

    try:
        return json.loads(s, parse_float=number_text, parse_int=number_text, parse_constant=refuse)
    except ValueError as exc:
        raise FunctionError(f"invalid JSON: {exc}") from None


def _yaml_loader() -> Any:
    """PyYAML's safe loader with go-cty-yaml's resolution: y/n are booleans too,
    timestamps become RFC 3339 strings, numbers keep their exact value."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {k: list(v) for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:y|Y|n|N)$"), list("yYnN"))

    def boolean(loader: Any, node: Any) -> bool:
        return node.value.lower() in ("y", "yes", "true", "on")

    def floating(loader: Any, node: Any) -> Any:
        text = node.value.replace("_", "").lower()
        if text in (".inf", "+.inf"):
            return math.inf
        if text == "-.inf":
            return -math.inf
        if text == ".nan":
            raise FunctionError("NaN is not a number cty can hold")
        return numbers.parse(text)

    def timestamp(loader: Any, node: Any) -> str:
        moment = yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        if not isinstance(moment, datetime):
            return f"{moment.isoformat()}T00:00:00Z"
        return _rfc3339(moment)

    Loader.add_constructor("tag:yaml.org,2002:bool", boolean)
    Loader.add_constructor("tag:yaml.org,2002:float", floating)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return Loader


def _rfc3339(moment: datetime) -> str:
    """Go's time.RFC3339 layout: seconds, then Z or the offset."""
    offset = moment.utcoffset()
    text = moment.replace(microsecond=0, tzinfo=None).isoformat()
    if offset is None or offset == timedelta(0):
        return text + "Z"
    minutes = int(offset.total_seconds() // 60)
    return f"{text}{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _from_yaml(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            to_string(k) if k is not None else "null": _from_yaml(v)
            for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))
        }
    if isinstance(value, list):
        return [_from_yaml(v) for v in value]
    if isinstance(value, str):
        return nfc(value)
    return value


@function(("src", "string"))
def fn_yamldecode(s):
    import yaml  # deferred: only jobs that call yamldecode pay for importing PyYAML

    try:
        documents = list(yaml.load_all(s, Loader=_yaml_loader()))
    except yaml.YAMLError as exc:
        raise FunctionError(f"on line {getattr(getattr(exc, 'problem_mark', None), 'line', 0) + 1}: {exc}") from None
    if len(documents) > 1:
        raise FunctionError("a YAML stream with more than one document is not supported")
    return _from_yaml(documents[0]) if documents else None


_YAML_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x07": "\\a",
    "\b": "\\b",
    "\x1b": "\\e",
}


def _yaml_scalar(value: Any, indent: int) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        if numbers.is_inf(value):
            return ".inf" if value > 0 else "-.inf"
        return numbers.text(value)
    if "\n" in value:
        chomp = "-" if not value.endswith("\n") else ("+" if value.endswith("\n\n") else "")
        pad = " " * (indent + 2)
        lines = value[:-1].split("\n") if value.endswith("\n") and chomp != "+" else value.split("\n")
        if chomp == "+":
            lines = value.split("\n")[:-1]
        return f"|{chomp}\n" + "\n".join(pad + line if line else "" for line in lines)
    escaped = "".join(_YAML_ESCAPES.get(ch, ch if ch >= " " else f"\\x{ord(ch):02x}") for ch in value)
    return f'"{escaped}"'


def _yaml(value: Any, indent: int) -> list[str]:
    """go-cty-yaml's encoder: double-quoted keys and strings, block collections."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return ["{}"]
        lines = []
        for key in sorted(value):
            item = value[key]
            head = f"{pad}{_yaml_scalar(key, indent)}:"
            if isinstance(item, (dict, list)) and item:
                lines.append(head)
                lines.extend(_yaml(item, indent + 2 if isinstance(item, dict) else indent))
            else:
                lines.append(f"{head} {_yaml_inline(item, indent)}")
        return lines
    if isinstance(value, list):
        if not value:
            return ["[]"]
        lines = []
        for item in value:
            if isinstance(item, (dict, list)) and item:
                inner = _yaml(item, indent + 2)
                lines.append(f"{pad}- {inner[0][indent + 2 :]}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {_yaml_inline(item, indent)}")
        return lines
    return [pad + _yaml_scalar(value, indent - 2 if indent else -2 + 2)]


def _yaml_inline(value: Any, indent: int) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _yaml_scalar(value, indent)


@function(("value", "any"))
def fn_yamlencode(value):
    lines = _yaml(value, 0)
    text = "\n".join(lines) + "\n"
    if not isinstance(value, (dict, list, str)):
        text += "...\n"  # a bare scalar document ends with the marker, as yaml.v2 writes it
    return text


_FUNCTIONS["yamlencode"] = Function((("value", "any"),), None, fn_yamlencode, nullable=(0,))


@function(("str", "string"))
def fn_csvdecode(s):
    rows = list(csv.reader(io.StringIO(s)))
    if not rows:
        raise FunctionError("missing header line")
    header, *body = rows
    result = []
    for n, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise FunctionError(f"record on line {n}: wrong number of fields")
        result.append(dict(zip(header, row, strict=True)))
    object_type = ("object", tuple((h, "string", False, None) for h in sorted(header)))
    return CtyList(result, object_type)


# -- networks (hashicorp/go-cty-funcs cidr/*.go over Go's net and apparentlymart/go-cidr) --
@dataclass(frozen=True)
class _IPNet:
    """A Go net.IPNet: the address bytes' length (4 or 16), network number and prefix."""

    size: int  # bytes: 4 for an IPv4 prefix, 16 for an IPv6 one
    address: int
    prefix: int

    @property
    def bits(self) -> int:
        return self.size * 8

    def last(self) -> int:
        return self.address | ((1 << (self.bits - self.prefix)) - 1)

    def __str__(self) -> str:
        # net.IPNet.String: an IPv4-mapped IPv6 network prints as IPv4, its mask cut to 32 bits.
        if self.size == 16 and _mapped(self.address):
            return f"{_ip_text(self.address, 16)}/{max(self.prefix - 96, 0)}"
        return f"{_ip_text(self.address, self.size)}/{self.prefix}"


def _mapped(address: int) -> bool:
    return address >> 32 == 0xFFFF


def _ip_text(address: int, size: int) -> str:
    """net.IP.String: dotted for IPv4 and IPv4-mapped addresses, RFC 5952 for IPv6."""

    if size == 4:
        return str(ipaddress.IPv4Address(address))
    if _mapped(address):
        return str(ipaddress.IPv4Address(address & 0xFFFFFFFF))
    return ipaddress.IPv6Address(address).compressed


def _parse_cidr(prefix: str) -> _IPNet:
    """net.ParseCIDR: an address in canonical syntax, a slash, a decimal prefix length."""

    address, slash, length = prefix.partition("/")
    size = 16 if ":" in address else 4
    try:
        if not slash or not length.isdigit() or (len(length) > 1 and length[0] == "0") or "%" in address:
            raise ValueError
        ip = ipaddress.ip_address(address)
        bits = int(length)
        if bits > size * 8:
            raise ValueError
    except ValueError:
        raise FunctionError(f"invalid CIDR expression: invalid CIDR address: {prefix}") from None
    mask = ((1 << bits) - 1) << (size * 8 - bits)
    return _IPNet(size, int(ip) & mask, bits)


def _go_int(value: Any, index: int, name: str) -> int:
    """gocty into a Go int: a whole number in 64 bits."""
    whole = numbers.as_int(value) if not numbers.is_inf(value) else None
    if whole is None or not -(2**63) <= whole < 2**63:
        raise ArgumentError(
            index,
            f'Invalid value for "{name}" parameter: value must be a whole number, between -9223372036854775808 and '
            "9223372036854775807.",
        )
    return whole


@function(("prefix", "string"), ("hostnum", "number"))
def fn_cidrhost(prefix, hostnum):
    number = _go_int(hostnum, 1, "hostnum")
    net = _parse_cidr(prefix)
    host_bits = net.bits - net.prefix
    largest = (1 << host_bits) - 1
    offset = -number - 1 if number < 0 else number
    if offset > largest:
        raise FunctionError(f"prefix of {net.prefix} does not accommodate a host numbered {number}")
    if number < 0:
        number = largest - offset
    return _ip_text(net.address | number, net.size)


@function(("prefix", "string"))
def fn_cidrnetmask(prefix):
    net = _parse_cidr(prefix)
    mask = ((1 << net.prefix) - 1) << (net.bits - net.prefix)
    return _ip_text(mask, net.size)


@function(("prefix", "string"), ("newbits", "number"), ("netnum", "number"))
def fn_cidrsubnet(prefix, newbits, netnum):
    bits = _go_int(newbits, 1, "newbits")
    number = _go_int(netnum, 2, "netnum")
    net = _parse_cidr(prefix)
    if bits > 32:
        raise FunctionError("may not extend prefix by more than 32 bits")
    length = net.prefix + bits
    if length > net.bits:
        raise FunctionError(f"insufficient address space to extend prefix of {net.prefix} by {bits}")
    if number < 0 or number > (1 << bits) - 1:
        raise FunctionError(f"prefix extension of {bits} does not accommodate a subnet numbered {number}")
    return str(_IPNet(net.size, net.address | (number << (net.bits - length)), length))


def _masked(address: int, length: int, bits: int) -> _IPNet:
    return _IPNet(bits // 8, address & (((1 << length) - 1) << (bits - length)), length)


@function(("prefix", "string"), variadic=("newbits", "number"))
def fn_cidrsubnets(prefix, *newbits):
    try:
        net = _parse_cidr(prefix)
    except FunctionError as exc:
        raise ArgumentError(0, f'Invalid value for "prefix" parameter: {exc}.') from None
    if not newbits:
        return CtyList([], "string")
    wrap = 1 << net.bits
    first = net.prefix + _go_int(newbits[0], 1, "newbits")
    # go-cidr PreviousSubnet, then NextSubnet for each length, as the function walks them.
    current = _masked((net.address - 1) % wrap, min(max(first, 0), net.bits), net.bits)
    result = []
    for i, value in enumerate(newbits, start=1):
        length = _go_int(value, i, "newbits")
        if length < 1:
            raise ArgumentError(i, 'Invalid value for "newbits" parameter: must extend prefix by at least one bit.')
        if length > 32:
            raise ArgumentError(i, 'Invalid value for "newbits" parameter: may not extend prefix by more than 32 bits.')
        length += net.prefix
        if length > net.bits:
            raise ArgumentError(
                i,
                f'Invalid value for "newbits" parameter: would extend prefix to {length} bits, which is too long '
                f"for an IPv{4 if net.size == 4 else 6} address.",
            )
        block = _masked(current.last(), length, net.bits)
        following = (block.last() + 1) % wrap
        nxt = _masked(following, length, net.bits)
        if following == 0 or not net.address <= nxt.address <= net.last():
            raise ArgumentError(
                i,
                f'Invalid value for "newbits" parameter: not enough remaining address space for a subnet with a '
                f"prefix of {length} bits after {current}.",
            )
        current = nxt
        result.append(str(current))
    return CtyList(result, "string")


# -- time (go-cty function/stdlib/datetime.go) -------------------------------------
_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})")
_DURATION = re.compile(r"(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)")
_UNITS = {"ns": 1, "us": 10**3, "µs": 10**3, "μs": 10**3, "ms": 10**6, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9}


def _timestamp(text: str, index: int) -> datetime:
    """A strict RFC 3339 timestamp (go-cty 1.13: parseStrictRFC3339), to the microsecond."""

    m = _RFC3339.fullmatch(text)
    try:
        if m is None:
            raise ValueError(text)
        year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
        micro = int((m.group(7) or ".0")[1:7].ljust(6, "0"))
        zone = m.group(8)
        offset = (
            timedelta(0)
            if zone == "Z"
            else (1 if zone[0] == "+" else -1) * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
        )
        return datetime(year, month, day, hour, minute, second, micro, timezone(offset))
    except ValueError:
        name = "timestamp" if index == 0 else "time"
        raise ArgumentError(
            index, f'Invalid value for "{name}" parameter: not a valid RFC3339 timestamp: "{text}".'
        ) from None


def _go_duration(text: str) -> int:
    """time.ParseDuration, in nanoseconds."""
    body = text[1:] if text[:1] in "+-" else text
    if body == "0":
        return 0
    total, pos = 0, 0
    while pos < len(body):
        m = _DURATION.match(body, pos)
        if m is None or m.group(1) in ("", "."):
            raise FunctionError(f'time: invalid duration "{text}"')
        number = m.group(1)
        whole, _, fraction = number.partition(".")
        scale = _UNITS[m.group(2)]
        total += int(whole or 0) * scale + (int(fraction) * scale // 10 ** len(fraction) if fraction else 0)
        pos = m.end()
    if not body:
        raise FunctionError(f'time: invalid duration "{text}"')
    return -total if text.startswith("-") else total


@function(("timestamp", "string"), ("duration", "string"))
def fn_timeadd(ts, duration):
    moment = _timestamp(ts, 0)
    result = moment + timedelta(microseconds=_go_duration(duration) // 1000)
    return _rfc3339(result)


@function(("format", "string"), ("time", "string"))
def fn_formatdate(fmt, ts):
    moment = _timestamp(ts, 1)
    return "".join(_date_token(token, moment) for token in _date_tokens(fmt))


def _date_tokens(fmt: str) -> list[str]:
    """splitDateFormat: a quoted literal, a run of one letter, or other text."""
    tokens, i = [], 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == "'":
            if fmt.startswith("''", i):
                tokens.append("''")
                i += 2
                continue
            j = i + 1
            while j < len(fmt):
                if fmt[j] == "'":
                    if fmt.startswith("''", j):
                        j += 2
                        continue
                    break
                j += 1
            tokens.append(fmt[i : j + 1])
            i = j + 1
        elif ch.isascii() and ch.isalpha():
            j = i
            while j < len(fmt) and fmt[j] == ch:
                j += 1
            tokens.append(fmt[i:j])
            i = j
        else:
            j = i + 1
            while j < len(fmt) and fmt[j] != "'" and not (fmt[j].isascii() and fmt[j].isalpha()):
                j += 1
            tokens.append(fmt[i:j])
            i = j
    return tokens


_DATE_VERBS = {
    "Y": ((2, 4), 'year must either be "YY" or "YYYY"'),
    "M": ((1, 2, 3, 4), 'month must be "M", "MM", "MMM", or "MMMM"'),
    "D": ((1, 2), 'day of month must either be "D" or "DD"'),
    "E": ((3, 4), 'day of week must either be "EEE" or "EEEE"'),
    "h": ((1, 2), '24-hour must either be "h" or "hh"'),
    "H": ((1, 2), '12-hour must either be "H" or "HH"'),
    "m": ((1, 2), 'minute must either be "m" or "mm"'),
    "s": ((1, 2), 'second must either be "s" or "ss"'),
    "Z": ((1, 3, 4, 5), "timezone must be Z, ZZZZ, or ZZZZZ"),
}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _date_token(token: str, t: datetime) -> str:
    if token.startswith("'"):
        if len(token) == 1 or not token.endswith("'"):
            raise ArgumentError(0, 'Invalid value for "format" parameter: unterminated literal \'.')
        return "'" if token == "''" else token[1:-1].replace("''", "'")
    verb = token[0]
    if not (verb.isascii() and verb.isalpha()):
        return token
    if verb in "Aa":
        if len(token) != 2:
            raise ArgumentError(
                0, f'Invalid value for "format" parameter: invalid date format verb "{token}": must be "{verb}{verb}".'
            )
        text = "AM" if t.hour < 12 else "PM"
        return text if verb == "A" else text.lower()
    if verb not in _DATE_VERBS:
        raise ArgumentError(0, f'Invalid value for "format" parameter: invalid date format verb "{token}".')
    sizes, problem = _DATE_VERBS[verb]
    if len(token) not in sizes:
        raise ArgumentError(0, f'Invalid value for "format" parameter: invalid date format verb "{token}": {problem}.')
    n = len(token)
    offset = t.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    zone = f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    if verb == "Y":
        return f"{t.year % 100:02d}" if n == 2 else f"{t.year:04d}"
    if verb == "M":
        return (str(t.month), f"{t.month:02d}", _MONTHS[t.month - 1][:3], _MONTHS[t.month - 1])[n - 1]
    if verb == "E":
        return _DAYS[t.weekday()][:3] if n == 3 else _DAYS[t.weekday()]
    if verb == "Z":
        if n == 1:
            return "Z" if minutes == 0 else f"{zone[:3]}:{zone[3:]}"
        if n == 3:
            return "UTC" if zone == "+0000" else zone
        return zone if n == 4 else f"{zone[:3]}:{zone[3:]}"
    value = {"D": t.day, "h": t.hour, "H": (t.hour % 12) or 12, "m": t.minute, "s": t.second}[verb]
    return f"{value:02d}" if n == 2 else str(value)


# -- filesystem ----------------------------------------------------------------
@function(("path", "string"))
def fn_abspath(path):
    return os.path.abspath(path)


@function(("path", "string"))
def fn_basename(path):
    return os.path.basename(path)


@function(("path", "string"))
def fn_dirname(path):
    return os.path.dirname(path) or "."


@function(("path", "string"))
def fn_pathexpand(path):
    return os.path.expanduser(path)


def _read(files: Files, path: str) -> bytes:
    full = files.resolve(path)
    try:
        return full.read_bytes()
    except FileNotFoundError:
        raise FunctionError(f"no file exists at {files.shown(path)}") from None
    except OSError:
        raise FunctionError(f"failed to read {files.shown(path)}") from None


@function(("path", "string"), files=True)
def fn_file(files, path):
    data = _read(files, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FunctionError(
            f"contents of {files.shown(path)} are not valid UTF-8; use the filebase64 function to obtain the "
            "Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file "
            "hashing results instead"
        ) from None


@function(("path", "string"), files=True)
def fn_filebase64(files, path):
    return base64.b64encode(_read(files, path)).decode()


@function(("path", "string"), files=True)
def fn_fileexists(files, path):
    full = files.resolve(path)
    if full.is_dir():
        raise FunctionError(f"{path} is a directory, not a file")
    return full.is_file()


@function(("path", "string"), ("pattern", "string"), files=True)
def fn_fileset(files, path, pattern):
    root = files.resolve(path)
    matches = sorted(
        p.relative_to(root).as_posix()
        for p in root.glob(pattern)
        if p.is_file() and (files.allow_outside or _inside(files, p))
    )
    return make_set(matches, "string")


def _inside(files: Files, path: Path) -> bool:
    try:
        files.resolve(str(path))
    except FilesRefused:
        return False
    return True
