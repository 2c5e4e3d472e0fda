"""Benchmark: from didChange to publishDiagnostics on a warm `jobspec lsp`.

Starts the server (``python -m jobspec lsp``) as an editor does, opens a generated
~300-line job (8 groups, each with a bridge network, ports on a host network, a
service with a check and a docker task; one host network misspelt, so each check
reports an error) in a folder whose .jobspec.toml names examples/catalog, waits
until the catalog is loaded and a first round of changes has warmed the server,
then times ``--changes`` edits: each a didChange (the whole text, one number
changed), timed until the diagnostics for that version arrive. The wall time
includes the server's debounce (jobspec.lsp.server.DEBOUNCE).

Run from the repository root:  python bench/lsp_bench.py [--changes 40]
Not a test: it prints the median, the 90th percentile and the fastest of one run,
beside the in-process time of the check alone on the same text.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lsprotocol import types as lsp  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from jobspec.lsp.server import DEBOUNCE  # noqa: E402


def job(groups: int = 8, seed: int = 0) -> str:
    """A job of ``groups`` groups (~37 lines each); ``seed`` changes one number."""
    out = ['job "big" {', '  datacenters = ["dc1", "dc2"]', '  node_pool   = "default"', ""]
    for g in range(groups):
        out += [
            f'  group "g{g}" {{',
            "    count = 2",
            "",
            "    network {",
            '      mode = "bridge"',
            "",
            '      port "http" {',
            f"        to = {8080 + (seed if g == 0 else 0)}",
            "      }",
            "",
            '      port "https" {',
            f"        static       = {8443 + g}",
            # A typo in the first group: every check reports it, with a did-you-mean.
            f'        host_network = "{"pubilc" if g == 0 else "public"}"',
            "      }",
            "    }",
            "",
            "    service {",
            f'      name = "svc-{g}"',
            '      port = "http"',
            "",
            "      check {",
            '        type     = "http"',
            '        path     = "/health"',
            '        interval = "10s"',
            '        timeout  = "2s"',
            "      }",
            "    }",
            "",
            '    task "app" {',
            '      driver = "docker"',
            "",
            "      config {",
            '        image = "example/app:1.0"',
            '        ports = ["http", "https"]',
            "      }",
            "    }",
            "  }",
            "",
        ]
    out.append("}")
    return "\n".join(out) + "\n"


async def measure(changes: int, warm: int) -> tuple[list[float], int]:
    folder = Path(tempfile.mkdtemp(prefix="jobspec-lsp-bench-"))
    (folder / ".jobspec.toml").write_text(f'catalog = ["{(ROOT / "examples" / "catalog").as_posix()}"]\n')
    uri = (folder / "big.nomad").as_uri()
    arrived: dict[int, asyncio.Future[list[object]]] = {}
    client = LanguageClient("jobspec-lsp-bench", "1")

    loop = asyncio.get_running_loop()
    with_catalog = loop.create_future()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        codes = [d.code for d in params.diagnostics]
        if "catalog-host-network" in codes and not with_catalog.done():
            with_catalog.set_result(None)
        waiting = arrived.get(params.version or 0)
        if waiting is not None and not waiting.done():
            waiting.set_result(codes)

    await client.start_io(sys.executable, "-m", "jobspec", "lsp", cwd=str(ROOT))
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities()))
    client.initialized(lsp.InitializedParams())
    text = job()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="hcl", version=1, text=text))
    )
    await asyncio.wait_for(with_catalog, 30)
    times: list[float] = []
    for version in range(2, 2 + warm + changes):
        arrived[version] = loop.create_future()
        started = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=job(seed=version))],
            )
        )
        codes = await asyncio.wait_for(arrived[version], 30)
        assert codes == ["catalog-host-network"], codes
        if version >= 2 + warm:
            times.append(time.perf_counter() - started)
        # An editor's user pauses between edits; the catalog may reload meanwhile.
        await asyncio.sleep(0.05)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times, text.count("\n")


def check_alone(repeat: int) -> list[float]:
    """The check by itself, in this process, on the same text and catalog."""
    from dataclasses import replace

    from jobspec.engine.catalog import load_catalog
    from jobspec.engine.options import Options
    from jobspec.lsp.project import lint

    catalog, _ = load_catalog([str(ROOT / "examples" / "catalog")])
    options = replace(Options(), catalog=catalog)
    times = []
    for seed in range(repeat + 3):
        data = job(seed=seed).encode()
        started = time.perf_counter()
        lint(data, "big.nomad", options)
        if seed >= 3:
            times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--warm", type=int, default=5)
    args = parser.parse_args()
    times, lines = asyncio.run(measure(args.changes, args.warm))
    alone = check_alone(args.changes)

    def ms(values: list[float], q: float) -> str:
        ordered = sorted(values)
        return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.0f} ms"

    print(f"{lines}-line job, {args.changes} changes after {args.warm} to warm up; debounce {DEBOUNCE * 1000:.0f} ms")
    print("| measured | median | p90 | fastest |")
    print("|---|---:|---:|---:|")
    for label, values in (("didChange → publishDiagnostics", times), ("the check alone (in process)", alone)):
        median = statistics.median(values) * 1000
        print(f"| {label} | {median:.0f} ms | {ms(values, 0.9)} | {min(values) * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
