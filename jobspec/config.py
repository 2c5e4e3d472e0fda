"""Project configuration: ``[tool.jobspec]`` in pyproject.toml or a ``.jobspec.toml``.

The file is looked for from the current folder upward; in one folder a
``.jobspec.toml`` wins over a pyproject.toml, and a pyproject.toml without a
``[tool.jobspec]`` table is passed over. Paths and glob patterns in a config
file are relative to the folder that holds it. Command-line flags win over the
file.

Unparsable TOML is a :class:`ConfigError`. Every other mistake (unknown key,
wrong type, unknown rule id) is a ``config-invalid`` diagnostic at the key's
line, with a did-you-mean where one is close; the reader collects them all, and
a command given any of them stops before it checks anything (exit code 2): a
mistaken ``select`` or ``ignore`` must not quietly change which rules run.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jobspec.diagnostics import Finding, Severity, Span
from jobspec.rules import rule_ids
from jobspec.rules.selection import did_you_mean, expand, selector_hint

CONFIG_INVALID = "config-invalid"
FILE_NAMES = (".jobspec.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info")
_IDENTIFIER = re.compile(r"^[^\W\d][\w-]*$")
_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.-]+)?$")


class ConfigError(Exception):
    """The configuration file cannot be read or parsed; carries the diagnostic."""

    def __init__(self, diagnostic: Finding, text: str = "") -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        self.text = text


@dataclass(frozen=True)
class Config:
    """Effective settings. Paths are absolute or relative to the current folder;
    glob patterns are matched against paths relative to ``root``."""

    path: str | None = None
    root: str = "."
    catalog: tuple[str, ...] = ()
    vars: dict[str, Any] = field(default_factory=dict)
    var_files: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    nomad_version: tuple[int, int, int] | None = None
    fs_root: str | None = None
    diagnostics: tuple[Finding, ...] = ()
    text: str = ""


def _toml():
    # Imported on demand: most runs have no configuration file to read.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    return tomllib


def find(start: str | os.PathLike[str] = ".") -> Path | None:
    """The nearest config file from ``start`` upward, or None."""
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        for name in FILE_NAMES:
            path = candidate / name
            if not path.is_file():
                continue
            if name == "pyproject.toml" and not _has_table(path):
                continue
            return path
    return None


def _has_table(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    # A cheap look first: most pyproject files never mention jobspec and need no parse.
    if b"tool.jobspec" not in data and b'"jobspec"' not in data:
        return False
    toml = _toml()
    try:
        return "jobspec" in toml.loads(data.decode("utf-8", "replace")).get("tool", {})
    except toml.TOMLDecodeError:
        return True  # it names jobspec: load() will report the parse error


def load(path: str | os.PathLike[str], display: str | None = None) -> Config:
    """Read one config file. Raises :class:`ConfigError` if it cannot be parsed."""
    file = Path(path)
    name = display or _display(file)
    try:
        text = file.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(_diag(name, 1, 1, f"cannot read the configuration file: {exc.strerror or exc}")) from None
    except UnicodeDecodeError:
        raise ConfigError(_diag(name, 1, 1, "the configuration file is not valid UTF-8")) from None
    toml = _toml()
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        line, column = _error_position(str(exc), text)
        message = re.sub(r"\s*\((?:at line \d+, column \d+|at end of document)\)$", "", str(exc))
        raise ConfigError(
            _diag(name, line, column, f"invalid TOML: {message}", "fix the syntax; jobspec reads TOML 1.0"), text
        ) from None
    if file.name == "pyproject.toml":
        table = data.get("tool", {}).get("jobspec", {})
        prefix: tuple[str, ...] = ("tool", "jobspec")
    else:
        table, prefix = data, ()
    return _Reader(name, text, prefix, file.parent).read(table)


def _display(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return relative if not relative.startswith("..") else str(path)


def _error_position(message: str, text: str) -> tuple[int, int]:
    m = re.search(r"at line (\d+), column (\d+)", message)
    if m:
        return int(m.group(1)), int(m.group(2))
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


def _diag(file: str, line: int, column: int, message: str, hint: str | None = None, width: int = 1) -> Finding:
    return Finding(message, Span(file, line, column, line, column + width), hint, rule=CONFIG_INVALID)


_KEYS = (
    "catalog",
    "vars",
    "var-files",
    "select",
    "ignore",
    "per-file-ignores",
    "severity",
    "fail-on",
    "include",
    "exclude",
    "nomad-version",
    "fs-root",
)


class _Reader:
    """Checks each key's type and turns the table into a :class:`Config`."""

    def __init__(self, name: str, text: str, prefix: tuple[str, ...], folder: Path) -> None:
        self.name = name
        self.text = text
        self.lines = text.split("\n")
        self.prefix = prefix
        self.folder = folder
        self.diagnostics: list[Finding] = []

    def read(self, table: dict[str, Any]) -> Config:
        settings: dict[str, Any] = {}
        for key, value in table.items():
            if key == "tool" and not self.prefix and isinstance(value, dict) and "jobspec" in value:
                # The README's pyproject.toml table, copied into .jobspec.toml as it is.
                self.error(
                    ("tool",),
                    "`[tool.jobspec]` is the table's name in pyproject.toml; .jobspec.toml holds the keys at its top",
                    "drop the `[tool.jobspec]` header line and keep the keys below it",
                )
            elif key not in _KEYS:
                close = [k for k in _KEYS if k.replace("-", "_") == key] or did_you_mean(key, _KEYS)
                hint = f"did you mean `{close[0]}`?" if close else "known keys: " + ", ".join(_KEYS)
                self.error((key,), f"unknown configuration key `{key}`", hint)
            else:
                settings[key] = value
        known = rule_ids()
        root = str(self.folder)
        return Config(
            path=self.name,
            root=root,
            catalog=self.paths(settings, "catalog"),
            vars=self.variables(settings),
            var_files=self.paths(settings, "var-files"),
            select=self.rule_list(settings, "select", known) if "select" in settings else None,
            ignore=self.rule_list(settings, "ignore", known),
            per_file_ignores=self.per_file_ignores(settings, known),
            severity=self.severities(settings, known),
            fail_on=self.choice(settings, "fail-on", FAIL_ON),
            include=self.strings(settings, "include"),
            exclude=self.strings(settings, "exclude"),
            nomad_version=self.version(settings),
            fs_root=self.folder_path(settings, "fs-root"),
            diagnostics=tuple(self.diagnostics),
            text=self.text,
        )

    # -- positions ---------------------------------------------------------

    def locate(self, keys: tuple[str, ...], needle: str | None = None) -> tuple[int, int, int]:
        """(line, column, width) of a key, found by a plain scan: the table
        header, then each key in turn, then ``needle`` (a string value)."""
        row = 0
        path = self.prefix + keys
        if self.prefix:
            header = re.compile(r"^\s*\[\s*tool\s*\.\s*[\"']?jobspec[\"']?\s*[\].]")
            row = next((i for i, line in enumerate(self.lines) if header.match(line)), 0)
        column, width = 1, 1
        for key in path[len(self.prefix) :]:
            pattern = re.compile(r"(?:^|[\s.\[{,])([\"']?)" + re.escape(key) + r"\1\s*(?:=|\.|\])")
            for i in range(row, len(self.lines)):
                m = pattern.search(self.lines[i])
                if m:
                    row, column, width = i, m.start(1) + 1, len(key) + 2 * len(m.group(1))
                    break
        if needle is not None:
            for i in range(row, len(self.lines)):
                pos = self.lines[i].find(f'"{needle}"')
                if pos < 0:
                    pos = self.lines[i].find(f"'{needle}'")
                if pos >= 0:
                    return i + 1, pos + 1, len(needle) + 2
        return row + 1, column, width

    def error(self, keys: tuple[str, ...], message: str, hint: str | None = None, needle: str | None = None) -> None:
        line, column, width = self.locate(keys, needle)
        self.diagnostics.append(_diag(self.name, line, column, message, hint, width))

    def wrong_type(self, key: str, expected: str, value: Any) -> None:
        self.error((key,), f"`{key}` must be {expected}, not {_toml_type(value)}", f"for example: {_EXAMPLES[key]}")

    # -- typed readers -------------------------------------------------------

    def strings(self, settings: dict[str, Any], key: str) -> tuple[str, ...]:
        value = settings.get(key, [])
        if isinstance(value, str) and key in ("catalog", "var-files"):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.wrong_type(key, "a list of strings", value)
            return ()
        return tuple(value)

    def paths(self, settings: dict[str, Any], key: str) -> tuple[str, ...]:
        # Relative to the current folder when below it, as paths on the command line are.
        return tuple(p if os.path.isabs(p) else _display(self.folder / p) for p in self.strings(settings, key))

    def folder_path(self, settings: dict[str, Any], key: str) -> str | None:
        value = settings.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.wrong_type(key, "a path", value)
            return None
        return str((self.folder / value).resolve())

    def table(self, settings: dict[str, Any], key: str) -> dict[str, Any] | None:
        value = settings.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.wrong_type(key, "a table", value)
            return None
        return value

    def variables(self, settings: dict[str, Any]) -> dict[str, Any]:
        value = self.table(settings, "vars") or {}
        for name in [n for n in value if not _IDENTIFIER.match(n)]:
            # A variable block's label is an HCL identifier (hclsyntax.ValidIdentifier), so
            # no job could declare this one; as a --var it would not even split at "=".
            self.error(("vars",), f"`vars` key {name!r} is not a variable name", "a name is letters, digits, _ and -")
            del value[name]
        return value

    def choice(self, settings: dict[str, Any], key: str, choices: tuple[str, ...]) -> str | None:
        value = settings.get(key)
        if value is None:
            return None
        if value not in choices:
            shown = repr(value) if isinstance(value, str) else _toml_type(value)
            self.error(
                (key,), f"`{key}` must be one of {', '.join(choices)}, not {shown}", f"for example: {_EXAMPLES[key]}"
            )
            return None
        return value

    def rule_list(self, settings: dict[str, Any], key: str, known: tuple[str, ...]) -> tuple[str, ...]:
        return self.rule_ids(self.strings(settings, key), (key,), known)

    def rule_ids(self, ids: tuple[str, ...], keys: tuple[str, ...], known: tuple[str, ...]) -> tuple[str, ...]:
        good = []
        for rule in ids:
            if expand((rule,), known):
                good.append(rule)
            else:
                self.error(keys, f"unknown rule id or family `{rule}`", selector_hint(rule, known), needle=rule)
        return tuple(good)

    def per_file_ignores(self, settings: dict[str, Any], known: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        value = self.table(settings, "per-file-ignores") or {}
        result: dict[str, tuple[str, ...]] = {}
        for pattern, ids in value.items():
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                self.error(
                    ("per-file-ignores", pattern),
                    f"`per-file-ignores` values must be lists of rule ids, not {_toml_type(ids)}",
                    f"for example: {_EXAMPLES['per-file-ignores']}",
                )
                continue
            result[pattern] = self.rule_ids(tuple(ids), ("per-file-ignores", pattern), known)
        return result

    def severities(self, settings: dict[str, Any], known: tuple[str, ...]) -> dict[str, Severity]:
        value = self.table(settings, "severity") or {}
        result: dict[str, Severity] = {}
        for rule, level in value.items():
            if rule not in known:
                self.error(("severity", rule), f"unknown rule id `{rule}`", selector_hint(rule, known, families=False))
            elif level not in FAIL_ON:
                shown = repr(level) if isinstance(level, str) else _toml_type(level)
                self.error(
                    ("severity", rule),
                    f"severity must be one of {', '.join(FAIL_ON)}, not {shown}",
                    f"for example: {_EXAMPLES['severity']}",
                )
            else:
                result[rule] = Severity(level)
        return result

    def version(self, settings: dict[str, Any]) -> tuple[int, int, int] | None:
        value = settings.get("nomad-version")
        if value is None:
            return None
        m = _VERSION.match(value) if isinstance(value, str) else None
        if m is None:
            shown = repr(value) if isinstance(value, str) else _toml_type(value)
            self.error(
                ("nomad-version",),
                f'`nomad-version` must be a version such as "1.9.3", not {shown}',
                f"for example: {_EXAMPLES['nomad-version']}",
            )
            return None
        return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


_EXAMPLES = {
    "catalog": 'catalog = ["nodes/"]',
    "var-files": 'var-files = ["prod.vars.hcl"]',
    "vars": 'vars = { region = "eu" }',
    "select": 'select = ["port-duplicate-label"]',
    "ignore": 'ignore = ["port-duplicate-label"]',
    "per-file-ignores": 'per-file-ignores = { "legacy/*.nomad" = ["port-duplicate-label"] }',
    "severity": 'severity = { port-duplicate-label = "warning" }',
    "fail-on": 'fail-on = "warning"',
    "include": 'include = ["*.nomad", "jobs/**/*.hcl"]',
    "exclude": 'exclude = ["vendor", "**/testdata/**"]',
    "nomad-version": 'nomad-version = "1.9.3"',
    "fs-root": 'fs-root = "."',
}


def _toml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def var_args(values: dict[str, Any]) -> list[str]:
    """``vars`` as ``--var name=value`` arguments: a string as it is (as Nomad takes
    a -var value), anything else written in HCL syntax."""
    return [f"{name}={value if isinstance(value, str) else _hcl(value)}" for name, value in values.items()]


def _hcl(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_hcl(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_hcl(v)}" for k, v in value.items()) + "}"
    # Strings inside lists and tables, and TOML dates: a quoted HCL string, with
    # template sequences escaped so they stay text.
    return json.dumps(str(value)).replace("${", "$${").replace("%{", "%%{")


def split_list(values: list[str] | None) -> tuple[str, ...] | None:
    """``--select a,b --select c`` → ("a", "b", "c"); None when the flag was not given."""
    if values is None:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())
