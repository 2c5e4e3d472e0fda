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

import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from jobspec.evaluate.types import (
    ConversionError,
    convert,
    equal,
    format_number,
    is_number,
    number,
    to_string,
    type_name,
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
    """Where filesystem functions may look: ``base`` is the job file's folder."""

    base: str
    allow_outside: bool = False

    def resolve(self, path: str) -> Path:
        full = Path(self.base, os.path.expanduser(path)).resolve()
        if not self.allow_outside:
            root = Path(self.base).resolve()
            if full != root and root not in full.parents:
                raise FilesRefused(
                    f"{path!r} is outside the job file's folder ({root}); jobspec reads only files beside the job"
                )
        return full


@dataclass(frozen=True)
class Function:
    params: tuple[tuple[str, Any], ...]
    variadic: tuple[str, Any] | None
    impl: Callable[..., Any]
    files: bool = False


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
    converted = []
    for i, value in enumerate(args):
        pname, ptype = fn.params[i] if i < fixed else fn.variadic  # type: ignore[misc]
        if value is None and ptype != "any":
            raise ArgumentError(i, f'Invalid value for "{pname}" parameter: argument must not be null.')
        try:
            converted.append(_param(value, ptype))
        except ConversionError as exc:
            raise ArgumentError(i, f'Invalid value for "{pname}" parameter: {exc}.') from None
    if fn.files:
        if files is None:
            return Unknown(f"{name}() needs the job file's folder")
        return fn.impl(files, *converted)
    return fn.impl(*converted)


def _param(value: Any, ptype: Any) -> Any:
    if ptype == "list":
        if not isinstance(value, list):
            raise ConversionError("list of any single type required")
        return value
    if ptype == "map":
        if not isinstance(value, dict):
            raise ConversionError("map or object required")
        return value
    return convert(value, ptype)


# -- numbers -------------------------------------------------------------------
@function(("num", "number"))
def fn_abs(n):
    return abs(n)


@function(("num", "number"))
def fn_ceil(n):
    return n if isinstance(n, int) else number(float(math.ceil(n)))


@function(("num", "number"))
def fn_floor(n):
    return n if isinstance(n, int) else number(float(math.floor(n)))


@function(("num", "number"), ("base", "number"))
def fn_log(n, base):
    try:
        return number(math.log(n, base))
    except (ValueError, ZeroDivisionError):
        raise FunctionError("log of a non-positive number, or in a base of 0 or 1, is undefined") from None


@function(("num", "number"), ("power", "number"))
def fn_pow(n, p):
    if n and abs(p) * math.log10(abs(n)) > 308:
        raise FunctionError("result is out of range")
    try:
        return number(float(n) ** p) if not (isinstance(n, int) and isinstance(p, int) and p >= 0) else n**p
    except (OverflowError, ZeroDivisionError):
        raise FunctionError("result is out of range") from None


@function(("num", "number"))
def fn_signum(n):
    return (n > 0) - (n < 0)


@function(variadic=("numbers", "number"))
def fn_max(*nums):
    if not nums:
        raise FunctionError("must pass at least one number")
    return max(nums)


@function(variadic=("numbers", "number"))
def fn_min(*nums):
    if not nums:
        raise FunctionError("must pass at least one number")
    return min(nums)


@function(("number", "any"), ("base", "number"))
def fn_parseint(text, base):
    if not isinstance(text, str):
        raise ArgumentError(0, 'Invalid value for "number" parameter: a string is required.')
    if not isinstance(base, int) or not 2 <= base <= 62:
        raise FunctionError(f"base must be a whole number between 2 and 62 inclusive, not {format_number(base)}")
    try:
        return int(text, base) if base <= 36 else _parse_base62(text, base)
    except ValueError:
        raise FunctionError(f"cannot parse {json.dumps(text)} as a base {base} integer") from None


def _parse_base62(text: str, base: int) -> int:
    digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    sign, body = (-1, text[1:]) if text.startswith("-") else (1, text.lstrip("+"))
    if not body:
        raise ValueError(text)
    total = 0
    for ch in body:
        digit = digits.find(ch)
        if digit < 0 or digit >= base:
            raise ValueError(text)
        total = total * base + digit
    return sign * total


# -- strings -------------------------------------------------------------------
@function(("str", "string"))
def fn_upper(s):
    return s.upper()


@function(("str", "string"))
def fn_lower(s):
    return s.lower()


@function(("str", "string"))
def fn_title(s):
    return re.sub(r"(^|\s)(\w)", lambda m: m.group(1) + m.group(2).upper(), s)


@function(("str", "string"))
def fn_chomp(s):
    return re.sub(r"(\r\n|\n|\r)+$", "", s)


@function(("str", "string"))
def fn_strlen(s):
    return len(s)


@function(("str", "string"))
def fn_reverse(s):
    # Nomad maps both reverse and strrev to cty's string reversal.
    return s[::-1]


_FUNCTIONS["strrev"] = _FUNCTIONS["reverse"]


@function(("str", "string"))
def fn_trimspace(s):
    return s.strip()


@function(("str", "string"), ("cutset", "string"))
def fn_trim(s, cutset):
    return s.strip(cutset)


@function(("str", "string"), ("prefix", "string"))
def fn_trimprefix(s, prefix):
    return s.removeprefix(prefix)


@function(("str", "string"), ("suffix", "string"))
def fn_trimsuffix(s, suffix):
    return s.removesuffix(suffix)


@function(("spaces", "number"), ("str", "string"))
def fn_indent(spaces, s):
    if not 0 <= spaces <= _MAX_PAD:
        raise FunctionError(f"the number of spaces must be between 0 and {_MAX_PAD}")
    return s.replace("\n", "\n" + " " * int(spaces))


@function(("str", "string"), ("offset", "number"), ("length", "number"))
def fn_substr(s, offset, length):
    offset, length = int(offset), int(length)
    if offset < 0:
        offset = max(len(s) + offset, 0)
    if offset > len(s):
        raise FunctionError("offset must be less than or equal to the length of the string")
    return s[offset:] if length < 0 else s[offset : offset + length]


@function(("separator", "string"), ("str", "string"))
def fn_split(sep, s):
    return s.split(sep) if sep else list(s)


@function(("separator", "string"), variadic=("lists", ("list", "string")))
def fn_join(sep, *lists):
    if not lists:
        raise FunctionError("at least one list is required")
    return sep.join(item for lst in lists for item in lst if item is not None)


@function(("str", "string"), ("substr", "string"), ("replace", "string"))
def fn_replace(s, substr, repl):
    if len(substr) > 1 and substr.startswith("/") and substr.endswith("/"):
        return _regex_sub(substr[1:-1], repl, s)
    return s.replace(substr, repl)


@function(("str", "string"), ("pattern", "string"), ("replace", "string"))
def fn_regex_replace(s, pattern, repl):
    return _regex_sub(pattern, repl, s)


def _regex_sub(pattern: str, repl: str, s: str) -> str:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise FunctionError(f"invalid regular expression pattern: {exc}") from None
    # Go's $1 / ${name} expansion in Python's terms.
    py_repl = re.sub(r"\$(\d+|\{\w+\})", lambda m: "\\g<" + m.group(1).strip("{}") + ">", repl.replace("\\", "\\\\"))
    try:
        return compiled.sub(py_repl, s)
    except (re.error, IndexError) as exc:
        raise FunctionError(f"invalid replacement: {exc}") from None


@function(("str", "string"))
def fn_urlencode(s):
    import urllib.parse

    return urllib.parse.quote_plus(s, safe="")


@function(("str", "string"))
def fn_base64encode(s):
    import base64

    return base64.b64encode(s.encode()).decode()


@function(("str", "string"))
def fn_base64decode(s):
    import base64

    try:
        raw = base64.b64decode(s, validate=True)
        return raw.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise FunctionError(f"failed to decode base64 data {s!r}") from None


def _digest(algorithm: str) -> Callable[[str], str]:
    def digest(s: str) -> str:
        import hashlib

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
    import uuid

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
            raise FunctionError(f"uuidv5() doesn't support namespace {namespace}") from None
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
    return [_format(fmt, [a[i] if isinstance(a, list) else a for a in args]) for i in range(count)]


def _format(fmt: str, args: list[Any]) -> str:
    out: list[str] = []
    pos, next_arg = 0, 0
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
        out.append(_format_one(m, verb, value))
    out.append(fmt[pos:])
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
    if verb == "d" and not isinstance(value, int):
        raise FunctionError(
            f"unsupported value for {_quoted(m.group(0))} at {m.start()}: number must be a whole number"
        )
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
            text = json.dumps(to_string(value), ensure_ascii=False)
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


# -- collections -----------------------------------------------------------------
@function(("value", "any"))
def fn_length(value):
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, dict)):
        return len(value)
    raise ArgumentError(0, 'Invalid value for "value" parameter: collection or structural type is required.')


@function(("list", "list"), ("index", "number"))
def fn_element(lst, index):
    if not lst:
        raise FunctionError("cannot use element function with an empty list")
    if not isinstance(index, int) or index < 0:
        raise FunctionError("cannot use a negative index" if is_number(index) and index < 0 else "invalid index")
    return lst[index % len(lst)]


@function(("list", "list"), ("value", "any"))
def fn_index(lst, value):
    for i, item in enumerate(lst):
        if equal(item, value):
            return i
    raise FunctionError("item not found")


@function(("list", "list"), ("value", "any"))
def fn_contains(lst, value):
    return any(equal(item, value) for item in lst)


@function(("inputMap", "map"), ("key", "string"), variadic=("default", "any"))
def fn_lookup(mapping, key, *default):
    if len(default) > 1:
        raise FunctionError("lookup() takes no more than three arguments")
    if key in mapping:
        return mapping[key]
    if default:
        return default[0]
    raise FunctionError(f'lookup failed to find key "{key}"')


@function(variadic=("maps", "any"))
def fn_merge(*maps):
    result: dict[str, Any] = {}
    for i, m in enumerate(maps):
        if m is None:
            continue
        if not isinstance(m, dict):
            raise ArgumentError(
                i, f'Invalid value for "maps" parameter: arguments must be maps or objects, got "{type_name(m)}".'
            )
        result.update(m)
    return result


@function(("inputMap", "map"))
def fn_keys(m):
    return sorted(m)


@function(("mapping", "map"))
def fn_values(m):
    return [m[k] for k in sorted(m)]


@function(("keys", ("list", "string")), ("values", "list"))
def fn_zipmap(keys, values):
    if len(keys) != len(values):
        raise FunctionError(f"number of keys ({len(keys)}) does not match number of values ({len(values)})")
    return dict(zip(keys, values, strict=True))


@function(variadic=("seqs", "list"))
def fn_concat(*lists):
    if not lists:
        raise FunctionError("at least one argument is required")
    return [item for lst in lists for item in lst]


@function(("list", "list"))
def fn_distinct(lst):
    result: list[Any] = []
    for item in lst:
        if not any(equal(item, r) for r in result):
            result.append(item)
    return result


@function(("list", "list"))
def fn_flatten(lst):
    result: list[Any] = []
    for item in lst:
        result.extend(fn_flatten(item) if isinstance(item, list) else [item])
    return result


@function(("list", ("list", "string")))
def fn_compact(lst):
    return [item for item in lst if item not in (None, "")]


@function(("list", ("list", "string")))
def fn_sort(lst):
    if any(item is None for item in lst):
        raise FunctionError("given list element 0 is null; a null string cannot be sorted")
    return sorted(lst)


@function(("list", "list"), ("size", "number"))
def fn_chunklist(lst, size):
    if not isinstance(size, int) or size < 0:
        raise FunctionError("the size argument must be positive")
    if size == 0:
        return [lst]
    return [lst[i : i + size] for i in range(0, len(lst), size)]


@function(("list", "list"), ("start_index", "number"), ("end_index", "number"))
def fn_slice(lst, start, end):
    if not (isinstance(start, int) and isinstance(end, int)) or start < 0 or end > len(lst) or start > end:
        raise FunctionError(
            "the start and end indices must be whole numbers with 0 <= start <= end <= the length of the list"
        )
    return lst[start:end]


@function(variadic=("vals", "any"))
def fn_coalesce(*vals):
    for value in vals:
        if value is not None and value != "":
            return value
    raise FunctionError("no non-null, non-empty-string arguments")


@function(variadic=("vals", "list"))
def fn_coalescelist(*lists):
    for lst in lists:
        if lst:
            return lst
    return []


@function(variadic=("params", "number"))
def fn_range(*params):
    if not 1 <= len(params) <= 3:
        raise FunctionError("must have one, two, or three arguments")
    start, stop, step = (
        (0, params[0], 1) if len(params) == 1 else (params[0], params[1], params[2] if len(params) == 3 else 1)
    )
    if len(params) < 3 and stop < start:
        step = -1
    if step == 0:
        raise FunctionError("step must not be zero")
    if (step > 0 and start > stop) or (step < 0 and start < stop):
        raise FunctionError("step must be positive for an increasing range and negative for a decreasing one")
    result, value = [], start
    while (value < stop) if step > 0 else (value > stop):
        result.append(number(value))
        if len(result) > 1024:
            raise FunctionError(
                "more than 1024 values were generated; either decrease the difference or increase the step"
            )
        value += step
    return result


def _set_of(lst: list[Any]) -> list[Any]:
    return fn_distinct(lst)


@function(variadic=("sets", "list"))
def fn_setunion(*sets):
    return _set_of([item for s in sets for item in s])


@function(variadic=("sets", "list"))
def fn_setintersection(*sets):
    if not sets:
        return []
    first, *rest = sets
    return _set_of([item for item in first if all(any(equal(item, o) for o in other) for other in rest)])


@function(variadic=("sets", "list"))
def fn_setproduct(*sets):
    result: list[list[Any]] = [[]]
    if math.prod(len(s) for s in sets) > _MAX_ITEMS:
        raise FunctionError(f"the product would have more than {_MAX_ITEMS} elements")
    for s in sets:
        result = [[*prefix, item] for prefix in result for item in _set_of(s)]
    return result if sets else []


# -- encodings -----------------------------------------------------------------
def _json(value: Any) -> str:
    return json.dumps(_plain(value), separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@function(("val", "any"))
def fn_jsonencode(value):
    # Go's encoder escapes <, > and & so the text is safe inside HTML.
    return _json(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@function(("str", "string"))
def fn_jsondecode(s):
    try:
        return _from_data(json.loads(s))
    except ValueError as exc:
        raise FunctionError(f"invalid JSON: {exc}") from None


def _from_data(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _from_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_data(v) for v in value]
    if isinstance(value, float):
        return number(value)
    if isinstance(value, (datetime,)):
        return value.isoformat()
    if value is not None and not isinstance(value, (str, int, bool)):
        return str(value)
    return value


@function(("src", "string"))
def fn_yamldecode(s):
    import yaml  # deferred: only jobs that call yamldecode pay for importing PyYAML

    try:
        return _from_data(yaml.safe_load(s))
    except yaml.YAMLError as exc:
        raise FunctionError(f"invalid YAML: {exc}") from None


@function(("value", "any"))
def fn_yamlencode(value):
    import yaml

    return yaml.safe_dump(_plain(value), default_flow_style=False, sort_keys=True, allow_unicode=True)


@function(("str", "string"))
def fn_csvdecode(s):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(s)))
    if not rows:
        raise FunctionError("missing header line")
    header, *body = rows
    result = []
    for n, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise FunctionError(f"record on line {n}: wrong number of fields")
        result.append(dict(zip(header, row, strict=True)))
    return result


# -- networks ------------------------------------------------------------------
def _network(prefix: str) -> Any:
    import ipaddress

    try:
        return ipaddress.ip_network(prefix, strict=False)
    except ValueError as exc:
        raise FunctionError(f"invalid CIDR expression: {exc}") from None


@function(("prefix", "string"), ("hostnum", "number"))
def fn_cidrhost(prefix, hostnum):
    import ipaddress

    net = _network(prefix)
    if not isinstance(hostnum, int):
        raise FunctionError("hostnum must be a whole number")
    if not -net.num_addresses <= hostnum < net.num_addresses:
        raise FunctionError(f"prefix of {net.prefixlen} does not accommodate a host numbered {hostnum}")
    base = int(net.network_address) if hostnum >= 0 else int(net.broadcast_address) + 1
    return str(ipaddress.ip_address(base + hostnum))


@function(("prefix", "string"))
def fn_cidrnetmask(prefix):
    net = _network(prefix)
    if net.version != 4:
        raise FunctionError("only IPv4 networks are supported")
    return str(net.netmask)


@function(("prefix", "string"), ("newbits", "number"), ("netnum", "number"))
def fn_cidrsubnet(prefix, newbits, netnum):
    net = _network(prefix)
    return str(_subnet(net, int(newbits), int(netnum)))


def _subnet(net, newbits: int, netnum: int):
    import ipaddress

    length = net.prefixlen + newbits
    if newbits < 0 or length > net.max_prefixlen:
        raise FunctionError(f"insufficient address space to extend prefix of {net.prefixlen} by {newbits}")
    if not 0 <= netnum < 2**newbits:
        raise FunctionError(f"prefix extension of {newbits} does not accommodate a subnet numbered {netnum}")
    address = int(net.network_address) + (netnum << (net.max_prefixlen - length))
    return ipaddress.ip_network((address, length))


@function(("prefix", "string"), variadic=("newbits", "number"))
def fn_cidrsubnets(prefix, *newbits):
    import ipaddress

    net = _network(prefix)
    result, cursor = [], int(net.network_address)
    for bits in newbits:
        length = net.prefixlen + int(bits)
        if bits < 1 or length > net.max_prefixlen:
            raise FunctionError(
                f"would extend prefix to {length} bits, which is too long for an IPv{net.version} address"
            )
        size = 1 << (net.max_prefixlen - length)
        cursor = -(-cursor // size) * size
        sub = ipaddress.ip_network((cursor, length))
        if not sub.subnet_of(net):  # type: ignore[arg-type]
            raise FunctionError(f"not enough remaining address space for a subnet with a prefix of {length} bits")
        result.append(str(sub))
        cursor += size
    return result


# -- time ----------------------------------------------------------------------
_DURATION = re.compile(r"([-+]?\d+(?:\.\d*)?)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


def _timestamp(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise FunctionError(f'not a valid RFC3339 timestamp: "{text}"') from None


@function(("timestamp", "string"), ("duration", "string"))
def fn_timeadd(ts, duration):
    moment = _timestamp(ts)
    sign = -1 if duration.startswith("-") else 1
    body = duration.lstrip("+-")
    parts = _DURATION.findall(body)
    if not parts or "".join(n + u for n, u in parts) != body:
        raise FunctionError(f'time: invalid duration "{duration}"')
    seconds = sign * sum(float(n) * _UNITS[u] for n, u in parts)
    result = moment + timedelta(seconds=seconds)
    text = result.isoformat()
    return text.replace("+00:00", "Z") if result.utcoffset() == timedelta(0) else text


_DATE_TOKENS = re.compile(r"YYYY|YY|MMMM|MMM|MM|M|DD|D|EEEE|EEE|hh|h|HH|H|AA|aa|mm|m|ss|s|ZZZZZ|ZZZZ|ZZZ|Z|'[^']*'|.")


@function(("format", "string"), ("time", "string"))
def fn_formatdate(fmt, ts):
    moment = _timestamp(ts)
    out = []
    for token in _DATE_TOKENS.findall(fmt):
        out.append(_date_token(token, moment))
    return "".join(out)


def _date_token(token: str, t: datetime) -> str:
    offset = t.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    zone = f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    table = {
        "YYYY": f"{t.year:04d}",
        "YY": f"{t.year % 100:02d}",
        "MMMM": t.strftime("%B"),
        "MMM": t.strftime("%b"),
        "MM": f"{t.month:02d}",
        "M": str(t.month),
        "DD": f"{t.day:02d}",
        "D": str(t.day),
        "EEEE": t.strftime("%A"),
        "EEE": t.strftime("%a"),
        "hh": f"{t.hour:02d}",
        "h": str(t.hour),
        "HH": f"{(t.hour % 12) or 12:02d}",
        "H": str((t.hour % 12) or 12),
        "AA": "AM" if t.hour < 12 else "PM",
        "aa": "am" if t.hour < 12 else "pm",
        "mm": f"{t.minute:02d}",
        "m": str(t.minute),
        "ss": f"{t.second:02d}",
        "s": str(t.second),
        "ZZZZZ": zone[:3] + ":" + zone[3:],
        "ZZZZ": zone,
        "ZZZ": "UTC" if minutes == 0 else zone,
        "Z": "Z" if minutes == 0 else zone[:3] + ":" + zone[3:],
    }
    if token.startswith("'") and len(token) > 1:
        return token[1:-1] if token != "''" else "'"
    return table.get(token, token)


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
        raise FunctionError(f"no file exists at {path}") from None
    except OSError as exc:
        raise FunctionError(f"failed to read {path}: {exc.strerror or exc}") from None


@function(("path", "string"), files=True)
def fn_file(files, path):
    data = _read(files, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FunctionError(f"contents of {path} are not valid UTF-8; use the filebase64 function") from None


@function(("path", "string"), files=True)
def fn_filebase64(files, path):
    import base64

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
    return matches


def _inside(files: Files, path: Path) -> bool:
    try:
        files.resolve(str(path))
    except FilesRefused:
        return False
    return True
