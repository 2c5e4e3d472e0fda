"""Catalog loaders: all catalog I/O happens here.

:func:`load_sources` takes any mix of paths and tells each kind apart:

- a ``.json`` file holding Nomad node JSON (one node object or an array), or a
  saved catalog (``"kind": "jobspec-catalog"``), or a single CNI config;
- a ``.conf``/``.conflist`` file: one CNI config, linted (it adds no node);
- a ``.hcl`` file: one client agent config, a class of one node;
- a node-class folder (``*.hcl``, ``class.json`` or a ``cni/`` subfolder);
- a catalog folder: every class subfolder and every ``*.json`` file in it;
- a folder of CNI configs only (a ``cni_config_dir``): linted, no node.

Every problem is a diagnostic with file:line:col; nothing raises.
"""

from __future__ import annotations

import os

from jobspec.catalog import cni
from jobspec.catalog.classes import Loaded, class_from_agent_files, is_class_folder, load_class
from jobspec.catalog.cni import is_config_name
from jobspec.catalog.merge import merge_pulled
from jobspec.catalog.nodes import load_node_json, looks_like_node, strict_loads
from jobspec.catalog.problems import Lint, invalid, read_text, unreadable
from jobspec.catalog.saved import is_saved_catalog, load_saved
from jobspec.diagnostics import Finding, Span
from jobspec.load.files import special_file
from jobspec.model.catalog import Catalog


def load_sources(paths: list[str], lint: Lint) -> tuple[Catalog, list[Finding], list[str]]:
    """One catalog from every path, every problem found while reading it (the
    conflists and agent configs checked by ``lint``), and the name of every file
    read (for reports)."""
    loaded = Loaded()
    for path in paths:
        loaded.add(_load_path(path, path, lint))
    diagnostics = sorted(set(loaded.diagnostics), key=Finding.sort_key)
    if loaded.pulled:
        loaded.nodes, unknown = merge_pulled(loaded.nodes, loaded.pulled)
        loaded.skipped.extend(unknown)
    skipped = tuple(dict.fromkeys(loaded.skipped))
    catalog = Catalog(nodes=tuple(loaded.nodes), sources=tuple(paths), skipped=skipped)
    return catalog, diagnostics, list(dict.fromkeys(loaded.files))


def _load_path(path: str, display: str, lint: Lint) -> Loaded:
    if os.path.isdir(path):
        if is_class_folder(path):
            return load_class(path, display, lint)
        return _load_folder(path, display, lint)
    if not os.path.exists(path):
        loaded = Loaded()
        loaded.diagnostics.append(unreadable(display, "file not found"))
        return loaded
    if path.endswith(".hcl"):
        return _load_agent_file(path, display, lint)
    if path.endswith(".json"):
        return _load_json(path, display, lint)
    if is_config_name(path):
        return _load_conflists([path], display, lint)
    loaded = Loaded()
    loaded.diagnostics.append(
        unreadable(
            display,
            "not a catalog source",
            "give node JSON (.json), a saved catalog (.json), an agent config (.hcl), a CNI config, or a folder",
        )
    )
    return loaded


def _load_folder(path: str, display: str, lint: Lint) -> Loaded:
    loaded = Loaded()
    try:
        names = sorted(n for n in os.listdir(path) if not n.startswith(".") and not special_file(os.path.join(path, n)))
    except OSError as exc:
        loaded.diagnostics.append(unreadable(display, f"folder cannot be listed: {exc.strerror or exc}"))
        return loaded
    classes = [n for n in names if os.path.isdir(os.path.join(path, n)) and is_class_folder(os.path.join(path, n))]
    kinds = {n: _json_kind(os.path.join(path, n)) for n in names if n.endswith(".json")}
    sources = [n for n, kind in kinds.items() if kind in ("nodes", "catalog", "broken")]
    configs = [n for n in names if is_config_name(n) and kinds.get(n) != "nodes"]
    if not classes and configs and all(kinds.get(n) != "catalog" for n in names):
        # A cni_config_dir: Nomad would read every config file here, broken ones too.

        files, problems = cni.read_cni_dir(path, display)
        loaded.files.extend(f.path for f in files)
        found, skipped = lint.conflists(files)
        loaded.diagnostics.extend(problems + found)
        loaded.skipped.extend(skipped)
        sources = [n for n in sources if kinds[n] == "nodes"]
    elif not classes and not sources:
        loaded.diagnostics.append(
            unreadable(
                display,
                "no catalog source in this folder",
                "a catalog folder holds class folders (agent *.hcl, class.json, cni/) or node JSON files",
            )
        )
    for name in sorted([*classes, *sources]):
        full, shown = os.path.join(path, name), os.path.join(display, name)
        loaded.add(load_class(full, shown, lint) if name in classes else _load_json(full, shown, lint))
    return loaded


def _json_kind(path: str) -> str:
    """``nodes``, ``catalog``, ``cni``, ``broken`` (not JSON, or unreadable) or
    ``other``, by a look at the content."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, ValueError):
        return "broken"
    try:
        data = strict_loads(text)
    except (ValueError, RecursionError):
        return "cni" if _mentions_cni(text) else "broken"
    return _kind_of(data)


def _mentions_cni(text: str) -> bool:
    return '"cniVersion"' in text or '"plugins"' in text


def _kind_of(data: object) -> str:
    if is_saved_catalog(data):
        return "catalog"
    if isinstance(data, dict) and ("cniVersion" in data or "plugins" in data or "type" in data):
        return "cni"
    if looks_like_node(data) or (isinstance(data, list) and (not data or looks_like_node(data[0]))):
        return "nodes"
    return "other"


def _load_json(path: str, display: str, lint: Lint) -> Loaded:
    loaded = Loaded(files=[display])
    text = read_text(path, display)
    if isinstance(text, Finding):
        loaded.diagnostics.append(text)
        return loaded
    try:
        data = strict_loads(text)
    except (ValueError, RecursionError):
        if _mentions_cni(text):
            return _load_conflists([path], display, lint)
        # Broken JSON: report it in Go's words (node JSON is the usual case).
        result = load_node_json(text, display)
        loaded.diagnostics.extend(result.diagnostics)
        return loaded
    kind = _kind_of(data)
    if kind == "catalog":
        catalog, problems = load_saved(text, display, data)
        loaded.nodes.extend(catalog.nodes)
        if isinstance(data.get("pulled"), dict) and not problems:
            loaded.pulled.append((str(data["pulled"].get("address", display)), catalog.nodes))
        loaded.skipped.extend(catalog.skipped)
        loaded.diagnostics.extend(problems)
    elif kind == "cni":
        return _load_conflists([path], display, lint)
    elif kind == "nodes":
        result = load_node_json(text, display, data)
        loaded.nodes.extend(result.nodes)
        loaded.diagnostics.extend(result.diagnostics)
        loaded.skipped.extend(result.skipped)
    else:
        loaded.diagnostics.append(
            invalid(
                Span.point(display),
                "this JSON is not Nomad node JSON, a saved jobspec catalog, or a CNI config",
                "node JSON is what `curl $NOMAD_ADDR/v1/node/<id>` returns (an object, or an array of them)",
            )
        )
    return loaded


def _load_conflists(paths: list[str], display: str, lint: Lint) -> Loaded:
    loaded = Loaded(files=[display])
    files = [cni.read_conflist(p, display) for p in paths]
    found, skipped = lint.conflists(files)
    loaded.diagnostics.extend(found)
    loaded.skipped.extend(skipped)
    return loaded


def _load_agent_file(path: str, display: str, lint: Lint) -> Loaded:
    loaded = Loaded()
    loaded.add(class_from_agent_files([(path, display)], display, lint))
    return loaded
