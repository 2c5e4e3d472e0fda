"""``normalize``: one job file's normalised model, as JSON.

An expression Nomad could not evaluate stops it, as it stops ``nomad job run``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jobspec.diagnostics import Diagnostic, Severity
from jobspec.engine.file import load_text
from jobspec.inputs import Inputs
from jobspec.load.files import decode
from jobspec.model.nomad_api import api_document
from jobspec.model.serialize import jobs_to_json
from jobspec.normalize.job import MISSING_JOB


@dataclass(frozen=True)
class NormalizeRequest:
    data: bytes
    name: str
    inputs: Inputs
    nomad_api: bool = False
    """Nomad's API JSON of the parts jobspec checks, rather than jobspec's model."""


@dataclass(frozen=True)
class NormalizeResult:
    document: Any = None
    """The JSON document; None when the file could not be normalised."""
    problems: tuple[Diagnostic, ...] = ()
    """What evaluating the file found (errors stop it, warnings do not)."""
    stopped: str | None = None
    """Why the file was not read at all, as one line that names it."""


def normalize(request: NormalizeRequest) -> NormalizeResult:
    text, undecodable = decode(request.data, request.name)
    name = request.name
    if text is None:
        return NormalizeResult(stopped=f"{name}: {undecodable.message if undecodable else 'cannot be decoded'}")
    loaded = load_text(text, name, request.inputs)
    if loaded.document is None:
        first = loaded.parsing[0].span, loaded.parsing[0].message
        return NormalizeResult(stopped=f"{name}:{first[0].line}:{first[0].column}: {first[1]}")
    problems = tuple(sorted(set(loaded.evaluation), key=Diagnostic.sort_key))
    if any(d.severity is Severity.ERROR for d in problems):
        return NormalizeResult(problems=problems)
    if not request.nomad_api:
        return NormalizeResult(jobs_to_json(list(loaded.jobs)), problems)
    if not loaded.jobs:
        return NormalizeResult(problems=problems, stopped=f"{name}: {MISSING_JOB}")

    return NormalizeResult(api_document(loaded.jobs[0]), problems)
