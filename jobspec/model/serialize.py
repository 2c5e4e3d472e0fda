"""Models → JSON-ready data, for ``jobspec normalize`` (schemas/normalized.schema.json)."""

from __future__ import annotations

import dataclasses
from typing import Any

from jobspec.diagnostics import Span
from jobspec.evaluate import Unknown
from jobspec.model.job import Job, Network, Node


def _span(span: Span) -> dict[str, Any]:
    return {"line": span.line, "column": span.column, "end_line": span.end_line, "end_column": span.end_column}


def to_data(value: Any) -> Any:
    if isinstance(value, Unknown):
        return {"unknown": value.reason}
    if isinstance(value, Span):
        return _span(value)
    if isinstance(value, Node):
        data: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if f.name in ("spans", "block", "cni_args_span", "datacenter_spans", "disk_span"):
                continue
            data[f.name] = to_data(getattr(value, f.name))
        if isinstance(value, Network):
            data["kind"] = value.kind
            data["cni_name"] = value.cni_name
        return data
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


def jobs_to_json(jobs: list[Job]) -> dict[str, Any]:
    return {"version": 1, "jobs": [to_data(job) for job in jobs]}
