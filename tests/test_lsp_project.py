"""What the language server checks a document with: the configuration found from its
folder, the catalog loaded off the request path and reloaded when its files change."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from jobspec.commands.lsp import settings_for
from jobspec.diagnostics import Span
from jobspec.engine.options import Options
from jobspec.lsp.project import Catalogs, Settings, diagnostics_for
from tests.lsp_helpers import ROOT

JOB = 'job "web" {\n  datacenters = ["dc9"]\n  group "web" {\n    task "app" { driver = "docker" }\n  }\n}\n'


def test_settings_come_from_the_documents_folder_upward(tmp_path: Path) -> None:
    (tmp_path / ".jobspec.toml").write_text('ignore = ["job-datacenters"]\ncatalog = ["nodes"]\n')
    below = tmp_path / "jobs" / "web"
    below.mkdir(parents=True)
    settings = settings_for(str(below))
    assert settings.problem is None
    assert settings.options.ignore == ("job-datacenters",)
    assert [os.path.abspath(p) for p in settings.catalog] == [str(tmp_path / "nodes")]
    assert settings_for(str(ROOT / "examples")).catalog == ()


def test_a_configuration_mistake_is_said_at_the_first_line_and_nothing_checked(tmp_path: Path) -> None:
    (tmp_path / ".jobspec.toml").write_text('selct = ["port"]\n')
    settings = settings_for(str(tmp_path))
    name = str(tmp_path / "web.nomad")
    found = diagnostics_for(JOB, name, settings, None).shown
    assert [(d.rule, d.span) for d in found] == [("config-invalid", Span.point(name))]
    assert found[0].message.startswith("not checked: the configuration has a mistake: ")
    assert found[0].message.endswith(":1:1: unknown configuration key `selct`")


def test_an_unreadable_var_file_is_said_at_the_first_line(tmp_path: Path) -> None:
    (tmp_path / ".jobspec.toml").write_text(f'var-files = ["{tmp_path / "absent.vars.hcl"}"]\n')
    settings = settings_for(str(tmp_path))
    assert settings.problem is not None
    assert settings.problem.startswith("not checked: unable to read var file ")
    assert settings.problem.endswith("absent.vars.hcl: file not found")


def test_a_missing_catalog_path_is_said_and_the_job_checked_without_it(tmp_path: Path) -> None:
    (tmp_path / ".jobspec.toml").write_text('catalog = ["gone"]\n')
    settings = settings_for(str(tmp_path))
    name = str(tmp_path / "web.nomad")
    catalogs = Catalogs(lambda paths, problems: None)
    found = diagnostics_for(JOB, name, settings, catalogs.get(settings))
    assert found.own == ()  # dc9 is not held against the job without a catalog
    (note,) = found.elsewhere
    assert (note.rule, note.span) == ("catalog-unreadable", Span.point(name))
    assert note.message.startswith("catalog path does not exist: ")
    assert note.message.endswith("gone; the catalog checks are skipped")


def test_the_catalog_loads_off_the_caller_and_again_when_a_file_changes(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    shutil.copytree(ROOT / "examples" / "catalog", folder)
    loaded = threading.Event()
    catalogs = Catalogs(lambda paths, problems: loaded.set())
    settings = Settings(Options(), (str(folder),))
    assert catalogs.get(settings) is None  # loading: the caller does not wait
    assert loaded.wait(30)
    first = catalogs.get(settings)
    assert first is not None and sum(n.count for n in first.nodes) == 8
    loaded.clear()
    assert catalogs.get(settings) is first  # nothing changed: no reload
    assert not loaded.wait(0.2)
    nodes = folder / "nodes.json"
    nodes.write_text(nodes.read_text().replace('"Name": "edge-1"', '"Name": "edge-9"'))
    stat = nodes.stat()
    os.utime(nodes, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    catalogs.refresh()
    assert loaded.wait(30)
    second = catalogs.get(settings)
    assert second is not None and second is not first
    assert "edge-9" in {n.name for n in second.nodes}


def test_a_var_files_finding_is_shown_at_the_first_line_naming_its_place(tmp_path: Path) -> None:
    (tmp_path / ".jobspec.toml").write_text('var-files = ["vals.hcl"]\n')
    (tmp_path / "vals.hcl").write_text('regin = "x"\n')
    settings = settings_for(str(tmp_path))
    name = str(tmp_path / "web.nomad")
    found = diagnostics_for('variable "region" {\n  default = "a"\n}\n' + JOB, name, settings, None)
    assert found.own == ()
    (shown,) = found.elsewhere
    assert (shown.rule, shown.span, shown.fix) == ("hcl-variable-undefined", Span.point(name), None)
    assert shown.message.endswith(
        'vals.hcl:1:1: Undefined variable; A "regin" variable was set but was not found '
        'in known variables. To declare variable "regin", place this block in your job files'
    )
