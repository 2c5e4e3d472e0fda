"""`jobspec lsp` driven by pytest-lsp's client, with the capabilities VS Code and
Neovim announce: diagnostics, code actions, fix-all, hover, completion, a stale
version, a broken file, a missing catalog and a catalog changed on disk."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.lsp_helpers import (
    ROOT,
    SERVER,
    apply,
    codes,
    edits_of,
    make_client,
    open_doc,
    published,
    replace_all,
    units,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

CATALOG = ROOT / "examples" / "catalog"

JOB = """\
job "web" {
  datacenters = ["😀", "dc9"]

  group "web" {
    network {
      mode  = "bridge"
      mbits = 10
      port "http" {}
    }

    task "app" {
      driver = "docker"
      config {
        image = "nginx"
        ports = ["http"]
      }
    }
  }
}
"""

EDGE = """\
job "edge" {
  datacenters = ["dc2"]
  node_pool   = "default"

  group "edge" {
    network {
      mode = "cni/mynet"
      port "https" {
        static       = 443
        host_network = "public"
      }
      port "metrics" {}
    }

    service {
      name = "edge"
      port = "https"
    }

    task "proxy" {
      driver = "docker"
      config {
        image = "example/proxy:2.1"
        ports = ["https", "metrics"]
      }
    }
  }
}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose .jobspec.toml names the example catalog, and one below it whose
    configuration names a catalog that does not exist."""
    root = tmp_path_factory.mktemp("project")
    (root / ".jobspec.toml").write_text(f'catalog = ["{CATALOG.as_posix()}"]\n')
    missing = root / "missing"
    missing.mkdir()
    (missing / ".jobspec.toml").write_text('catalog = ["no-such-catalog"]\n')
    return root


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=make_client),
    params=["visual-studio-code", "neovim"],
    scope="module",
)
async def client(request: pytest.FixtureRequest, lsp_client: LanguageClient):
    result = await lsp_client.initialize_session(
        lsp.InitializeParams(capabilities=client_capabilities(request.param), process_id=None)
    )
    lsp_client.encoding = result.capabilities.position_encoding  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def catalog_checked(params: lsp.PublishDiagnosticsParams) -> bool:
    return any(str(d.code).startswith("catalog-") for d in params.diagnostics)


async def test_diagnostics_carry_rule_docs_tags_and_client_columns(client: LanguageClient, project: Path) -> None:
    uri = (project / "web.nomad").as_uri()
    open_doc(client, uri, JOB)
    params = await published(client, uri, catalog_checked)
    assert params.version == 1
    assert codes(params) == ["catalog-datacenter", "catalog-datacenter", "network-mbits-deprecated"]
    dc9 = params.diagnostics[1]
    # Column 23 in code points; the emoji before it is 2 UTF-16 units, 4 UTF-8 bytes.
    start = units('  datacenters = ["😀", ', client.encoding)  # type: ignore[attr-defined]
    assert dc9.range == lsp.Range(lsp.Position(1, start), lsp.Position(1, start + 5))
    assert dc9.message.startswith('no node in the catalog is in datacenter "dc9"')
    assert 'hint: did you mean "dc2"?' in dc9.message
    assert dc9.source == "jobspec"
    assert dc9.severity == lsp.DiagnosticSeverity.Error
    assert dc9.code_description is not None
    assert dc9.code_description.href.endswith("docs/rules.md#catalog-datacenter")
    mbits = params.diagnostics[2]
    assert list(mbits.tags or ()) == [lsp.DiagnosticTag.Deprecated]
    assert mbits.severity == lsp.DiagnosticSeverity.Warning


async def quick_fixes(client: LanguageClient, uri: str, about: lsp.Diagnostic) -> dict[str, lsp.CodeAction]:
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=about.range,
            context=lsp.CodeActionContext(diagnostics=[about], only=[lsp.CodeActionKind.QuickFix]),
        )
    )
    assert actions is not None
    found = {a.title: a for a in actions if isinstance(a, lsp.CodeAction)}
    assert all(a.kind == lsp.CodeActionKind.QuickFix for a in found.values())
    return found


async def test_a_rules_fix_and_the_ignore_action(client: LanguageClient, project: Path) -> None:
    uri = (project / "ignore.nomad").as_uri()
    open_doc(client, uri, JOB)
    params = await published(client, uri, catalog_checked)
    mbits = next(d for d in params.diagnostics if d.code == "network-mbits-deprecated")
    actions = await quick_fixes(client, uri, mbits)
    assert list(actions) == ["delete the `mbits` line", "Ignore network-mbits-deprecated on this line"]
    assert actions["delete the `mbits` line"].is_preferred is True
    encoding = client.encoding  # type: ignore[attr-defined]
    deleted = apply(JOB, edits_of(actions["delete the `mbits` line"], uri), encoding)
    assert "mbits" not in deleted
    ignored = apply(JOB, edits_of(actions["Ignore network-mbits-deprecated on this line"], uri), encoding)
    assert "      mbits = 10  # jobspec:ignore network-mbits-deprecated\n" in ignored
    replace_all(client, uri, ignored, 2)
    after = await published(client, uri, lambda p: p.version == 2)
    assert codes(after) == ["catalog-datacenter", "catalog-datacenter"]


FIXABLE = (
    EDGE.replace('mode = "cni/mynet"', 'mode  = "Bridge"\n      mbits = 10')
    .replace('ports = ["https", "metrics"]', 'ports = ["https", "metrcs"]')
    .replace('driver = "docker"', 'driver = "docker" # jobspec:ignore job-type')
)


async def test_fix_all_makes_the_safe_fixes_only(client: LanguageClient, project: Path) -> None:
    uri = (project / "fixall.nomad").as_uri()
    open_doc(client, uri, FIXABLE)
    params = await published(client, uri, lambda p: p.version == 1)
    assert codes(params) == ["network-mode", "network-mbits-deprecated", "suppression-unused", "driver-config-ports"]

    async def fix_all(version: int) -> list[lsp.CodeAction]:
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                range=lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
                context=lsp.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
            )
        )
        assert actions is not None
        return [a for a in actions if isinstance(a, lsp.CodeAction)]

    (action,) = await fix_all(1)
    assert action.kind == "source.fixAll.jobspec"
    for trigger, offered in ((lsp.CodeActionTriggerKind.Automatic, False), (lsp.CodeActionTriggerKind.Invoked, True)):
        # A light bulb's automatic request (any kind) does not run the fix-all passes.
        every = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                range=lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
                context=lsp.CodeActionContext(diagnostics=[], trigger_kind=trigger),
            )
        )
        assert every is not None
        assert any(isinstance(a, lsp.CodeAction) and a.kind == "source.fixAll.jobspec" for a in every) is offered
    fixed = apply(FIXABLE, edits_of(action, uri), client.encoding)  # type: ignore[attr-defined]
    assert fixed == EDGE.replace('mode = "cni/mynet"', 'mode  = "bridge"').replace('"metrics"]', '"metrcs"]')
    replace_all(client, uri, fixed, 2)
    after = await published(client, uri, lambda p: p.version == 2)
    assert codes(after) == ["driver-config-ports"]  # a guessed port label is an unsafe fix
    assert await fix_all(2) == []


async def test_hover_shows_rule_docs_and_catalog_coverage(client: LanguageClient, project: Path) -> None:
    uri = (project / "hover.nomad").as_uri()
    text = EDGE.replace('job "edge" {', 'job "edge" { # jobspec:ignore port-duplicate-label', 1)
    open_doc(client, uri, text)
    await _catalog_loaded(client, uri)

    async def hover_at(line: int, needle: str) -> str:
        column = text.split("\n")[line].index(needle) + 1
        result = await client.text_document_hover_async(
            lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line, column))
        )
        assert result is not None and isinstance(result.contents, lsp.MarkupContent)
        return result.contents.value

    assert (await hover_at(0, "port-duplicate-label")).startswith("### port-duplicate-label\n")
    assert await hover_at(9, '"public"') == (
        "host network `public`: 6 of 8 nodes: edge-1, edge-2 (down), edge-3 (ineligible, draining), web (class of 3)"
    )
    assert await hover_at(6, '"cni/mynet"') == "CNI network `cni/mynet`: 4 of 8 nodes: edge-1, web (class of 3)"
    assert await hover_at(1, '"dc2"') == (
        "datacenter `dc2`: 3 of 8 nodes: edge-1, edge-2 (down), edge-3 (ineligible, draining)"
    )
    assert await hover_at(2, '"default"') == "node pool `default`: 6 of 8 nodes: edge-1, edge-2 (down), " + (
        "edge-3 (ineligible, draining), web (class of 3)"
    )


async def _catalog_loaded(client: LanguageClient, uri: str) -> None:
    """Until the server answers with the catalog (it loads on a thread of its own)."""
    for _ in range(500):
        result = await client.text_document_completion_async(
            lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(1, 18))
        )
        if isinstance(result, lsp.CompletionList) and result.items:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the catalog never loaded")


async def test_completion_from_catalog_and_port_labels(client: LanguageClient, project: Path) -> None:
    uri = (project / "complete.nomad").as_uri()
    text = EDGE.replace('host_network = "public"', 'host_network = "p"').replace('port = "https"', 'port = ""')
    open_doc(client, uri, text)
    await _catalog_loaded(client, uri)
    lines = text.split("\n")

    async def labels(line: int, after: str) -> list[str] | None:
        column = lines[line].index(after) + len(after)
        result = await client.text_document_completion_async(
            lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line, column))
        )
        return [item.label for item in result.items] if isinstance(result, lsp.CompletionList) else None

    assert await labels(9, 'host_network = "') == ["default", "private", "public"]
    assert await labels(6, 'mode = "') == ["host", "bridge", "none", "cni/lan", "cni/mynet"]
    assert await labels(1, 'datacenters = ["') == ["dc1", "dc2"]
    assert await labels(2, 'node_pool   = "') == ["all", "batch", "default"]
    assert await labels(16, 'port = "') == ["https", "metrics"]
    assert await labels(23, 'ports = ["https", "') == ["https", "metrics"]
    assert await labels(22, 'image = "') is None


async def test_stale_version_is_dropped(client: LanguageClient, project: Path) -> None:
    uri = (project / "stale.nomad").as_uri()
    # Long enough that its check is still running when the next change arrives.
    filler = "".join(f'  meta {{ k{i} = "v" }}\n' for i in range(1500))
    big = JOB.replace('  group "web" {', filler + '  group "web" {')
    open_doc(client, uri, big)
    await published(client, uri, lambda p: p.version == 1)
    replace_all(client, uri, big.replace("mbits = 10", "mbits = 11"), 2)
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    await asyncio.sleep(0.03)
    replace_all(client, uri, EDGE, 3)
    last = await published(client, uri, lambda p: p.version == 3)
    assert codes(last) in ([], ["catalog-datacenter"])  # with the catalog or before it loaded
    versions = [p.version for p in client.published if p.uri == uri]  # type: ignore[attr-defined]
    assert 2 not in versions


async def test_broken_file_gets_a_syntax_diagnostic(client: LanguageClient, project: Path) -> None:
    uri = (project / "broken.nomad").as_uri()
    open_doc(client, uri, 'job "x" {\n  group "g" {\n    count = \n  }\n}\n')
    params = await published(client, uri)
    assert codes(params) == ["hcl-syntax"]
    # hclsyntax stops at the `}` where an expression should be, as Nomad reports it.
    assert params.diagnostics[0].range.start == lsp.Position(3, 2)
    assert params.diagnostics[0].message.startswith("Invalid expression")


async def test_missing_catalog_is_said_and_the_job_still_checked(client: LanguageClient, project: Path) -> None:
    uri = (project / "missing" / "job.nomad").as_uri()
    open_doc(client, uri, JOB)
    params = await published(client, uri)
    assert codes(params) == ["catalog-unreadable", "network-mbits-deprecated"]
    first = params.diagnostics[0]
    assert first.message.startswith("catalog path does not exist: ")
    assert "no-such-catalog" in first.message
    assert first.range.start == lsp.Position(0, 0)
    # No edit of the job fixes or silences it: no action is offered for it.
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=first.range,
            context=lsp.CodeActionContext(diagnostics=[first], only=[lsp.CodeActionKind.QuickFix]),
        )
    )
    assert actions is not None and list(actions) == []


async def test_a_catalog_edit_is_seen_without_touching_the_job(client: LanguageClient, tmp_path: Path) -> None:
    shutil.copytree(CATALOG, tmp_path / "catalog")
    (tmp_path / ".jobspec.toml").write_text(f'catalog = ["{(tmp_path / "catalog").as_posix()}"]\n')
    uri = (tmp_path / "job.nomad").as_uri()
    open_doc(client, uri, EDGE.replace('"dc2"', '"dc3"'))
    await published(client, uri, lambda p: codes(p) == ["catalog-datacenter"])
    nodes = tmp_path / "catalog" / "nodes.json"
    nodes.write_text(nodes.read_text().replace('"Datacenter": "dc2"', '"Datacenter": "dc3"'))
    # The server looks at the catalog's files every 2 s and checks open jobs again.
    await published(client, uri, lambda p: codes(p) == [])


async def test_the_other_place_is_related_information(client: LanguageClient, project: Path) -> None:
    uri = (project / "duplicate.nomad").as_uri()
    text = EDGE.replace('port "metrics" {}', 'port "https" {}')
    open_doc(client, uri, text)
    params = await published(client, uri, lambda p: "port-duplicate-label" in codes(p))
    duplicate = next(d for d in params.diagnostics if d.code == "port-duplicate-label")
    assert duplicate.range.start.line == 11
    assert duplicate.related_information is not None
    (first,) = duplicate.related_information
    assert first.message == "the first port 'https'"
    assert first.location.uri == uri
    assert first.location.range.start == lsp.Position(7, 11)


# A server whose settings reader fails as a bug would: it says so and keeps serving.
FAILING = [
    sys.executable,
    "-c",
    "from jobspec.lsp.server import serve\n"
    "def broken(folder):\n"
    "    raise RuntimeError('settings exploded')\n"
    "serve(broken)\n",
]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=FAILING, client_factory=make_client), scope="module")
async def failing(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        lsp.InitializeParams(capabilities=client_capabilities("visual-studio-code"), process_id=None)
    )
    yield
    await lsp_client.shutdown_session()


async def test_an_internal_error_is_shown_and_the_server_goes_on(failing: LanguageClient, project: Path) -> None:
    uri = (project / "internal.nomad").as_uri()
    open_doc(failing, uri, JOB)
    for _ in range(500):
        if failing.messages:
            break
        await asyncio.sleep(0.01)
    (shown,) = failing.messages
    assert shown.type == lsp.MessageType.Error
    assert shown.message == (
        f"jobspec: internal error checking {project / 'internal.nomad'}: RuntimeError: settings exploded"
    )
    # Hover reads the settings too: the request fails, the server stays up for the next one.
    with pytest.raises(Exception, match="settings exploded"):
        await failing.text_document_hover_async(
            lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(1, 20))
        )
    actions = await failing.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
            context=lsp.CodeActionContext(diagnostics=[], only=[lsp.CodeActionKind.QuickFix]),
        )
    )
    assert actions is not None and list(actions) == []
