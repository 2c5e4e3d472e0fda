"""Read a ``cni_config_dir`` the way Nomad's client does.

Nomad's fingerprinter and its run-time lookup both read ``*.conf``,
``*.conflist`` and ``*.json`` (exact, case-sensitive last extension; dotfiles
included; folders not), sorted by file name; ``.conflist`` files are plugin
lists, the others single-plugin configs. A network is the file's ``name``, and
the first file with a name wins.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from jobspec.catalog.problems import unreadable
from jobspec.diagnostics import Finding, Severity
from jobspec.load.files import decode, special_file
from jobspec.load.jsontree import JArray, JObject, parse
from jobspec.model.catalog import CniNetwork
from jobspec.model.conflist import ConflistFile, plugin_type, port_mappings

CNI_EXTENSIONS = (".conf", ".conflist", ".json")


def is_config_name(name: str) -> bool:
    return os.path.splitext(name)[1] in CNI_EXTENSIONS


def read_conflist(path: str, display: str | None = None) -> ConflistFile:
    """One config file; every way it can be bad is kept on the model for the rules."""
    name = display or path
    kind = "conflist" if os.path.splitext(path)[1] == ".conflist" else "conf"
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except PermissionError:
        return ConflistFile(name, kind, read_error="permission denied: the file cannot be opened for reading")
    except OSError as exc:
        return ConflistFile(name, kind, read_error=f"cannot be read: {exc.strerror or exc}")
    return conflist_from_bytes(data, name, kind)


def conflist_from_bytes(data: bytes, name: str, kind: str) -> ConflistFile:
    text, problem = decode(data, name)
    if problem is not None or text is None:
        return ConflistFile(name, kind, read_error=problem.message if problem else "cannot be decoded")
    root, error = parse(text, name)
    if error is not None:
        return ConflistFile(name, kind, json_error=error)
    if not isinstance(root, JObject):
        return ConflistFile(name, kind, not_object=root)
    return ConflistFile(name, kind, root=root)


def read_cni_dir(path: str, display: str | None = None) -> tuple[list[ConflistFile], list[Finding]]:
    """The config files of a folder in Nomad's order, or why the folder cannot be listed."""

    shown = display or path
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as exc:
        return [], [unreadable(shown, f"folder cannot be listed: {exc.strerror or exc}")]
    files = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir or not is_config_name(entry.name) or special_file(entry.path):
            continue
        files.append(read_conflist(entry.path, os.path.join(shown, entry.name)))
    return files, []


def networks(
    files: list[ConflistFile] | tuple[ConflistFile, ...], diagnostics: Iterable[Finding] = ()
) -> dict[str, CniNetwork]:
    """Network name → the file that defines it (with the errors ``diagnostics`` hold
    for that file); the first file in order wins.

    A file that does not parse defines nothing (and, in Nomad, stops the client;
    the conflist rules say so)."""
    errors: dict[str, list[Finding]] = {}
    for d in diagnostics:
        if d.severity is Severity.ERROR:
            errors.setdefault(d.span.file, []).append(d)
    found: dict[str, CniNetwork] = {}
    for conf in files:
        name = conf.name
        if conf.root is None or name is None or name in found:
            continue
        plugins = conf.plugins()
        wrong_kind = conf.kind == "conf" and conf.root.member_folded("type") is None
        listed = conf.root.get("plugins")
        # libcni decodes every entry, so one that is not an object (null included) refuses the file
        not_objects = conf.kind == "conflist" and isinstance(listed, JArray) and len(listed.items) != len(plugins)
        if wrong_kind or not_objects or not plugins or any(plugin_type(p) is None for p in plugins):
            continue  # libcni refuses it, so Nomad fingerprints nothing from it
        member = conf.name_member
        found[name] = CniNetwork(
            name=name,
            file=conf.path,
            span=member.value.span if member else conf.root.span,
            plugins=tuple(t for t in (plugin_type(p) for p in plugins) if t),
            port_mappings=any(port_mappings(p) for p in plugins),
            cni_version=conf.cni_version,
            problems=tuple(sorted(errors.get(conf.path, ()), key=Finding.sort_key)),
        )
    return found
