"""A real editor against `jobspec lsp`: headless Neovim opens a job, starts the
server with its built-in LSP client (as the lspconfig setup in docs/editors.md
does), and reports the diagnostics and a hover it received, then applies the
preferred quick fix itself and reports the text and diagnostics after it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.lsp_helpers import ROOT

NVIM = shutil.which("nvim")

JOB = """\
job "web" {
  datacenters = ["dc9"]

  group "web" {
    network {
      mode  = "bridge"
      mbits = 10
      port "http" {
        host_network = "public"
      }
    }

    task "app" {
      driver = "docker"
    }
  }
}
"""

# vim.lsp.start_client and vim.diagnostic exist from Neovim 0.6 on (Debian 12 ships 0.7).
SCRIPT = r"""
local job, out, python = vim.env.JOBSPEC_JOB, vim.env.JOBSPEC_OUT, vim.env.JOBSPEC_PYTHON
vim.cmd("edit " .. vim.fn.fnameescape(job))
local id = vim.lsp.start_client({
  name = "jobspec",
  cmd = { python, "-m", "jobspec", "lsp" },
  root_dir = vim.fn.fnamemodify(job, ":h"),
})
vim.lsp.buf_attach_client(0, id)
local function has_catalog()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == "catalog-datacenter" then return true end
  end
  return false
end
local done = vim.wait(30000, has_catalog, 50)
local found = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(found, { line = d.lnum, col = d.col, code = code, source = d.source, message = d.message })
end
local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 8, character = 25 } }
local answers = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 10000) or {}
local hover = ""
for _, answer in pairs(answers) do
  if answer.result then hover = answer.result.contents.value end
end
-- The quick fix that deletes `mbits`, applied by Neovim itself.
local range = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  if d.lnum == 6 then
    range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } }
  end
end
local request = {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  range = range,
  context = { diagnostics = {}, only = { "quickfix" } },
}
local titles = {}
for _, answer in pairs(vim.lsp.buf_request_sync(0, "textDocument/codeAction", request, 10000) or {}) do
  for _, action in ipairs(answer.result or {}) do
    table.insert(titles, action.title)
    if action.isPreferred then vim.lsp.util.apply_workspace_edit(action.edit, "utf-16") end
  end
end
local function mbits_gone()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.lnum == 6 and d.source == "jobspec" and d.severity == vim.diagnostic.severity.WARN then return false end
  end
  return #vim.diagnostic.get(0) > 0
end
local fixed = vim.wait(30000, mbits_gone, 50)
local after = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(after, code)
end
vim.fn.writefile({ vim.fn.json_encode({
  done = done, diagnostics = found, hover = hover, titles = titles, fixed = fixed, after = after,
  text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n"),
}) }, out)
vim.lsp.stop_client(id)
vim.cmd("qa!")
"""


@pytest.mark.skipif(NVIM is None, reason="Neovim (nvim) is not installed: apt-get install neovim")
def test_neovim_shows_jobspec_diagnostics_and_hover(tmp_path: Path) -> None:
    catalog = (ROOT / "examples" / "catalog").as_posix()
    (tmp_path / ".jobspec.toml").write_text(f'catalog = ["{catalog}"]\n')
    job = tmp_path / "web.nomad"
    job.write_text(JOB)
    script = tmp_path / "smoke.lua"
    script.write_text(SCRIPT)
    out = tmp_path / "out.json"
    # --clean: no user configuration or plugin; the environment stays, so the server
    # finds the parser jobspec keeps built in the user's cache.
    env = {**os.environ, "JOBSPEC_JOB": str(job), "JOBSPEC_OUT": str(out), "JOBSPEC_PYTHON": sys.executable}
    assert NVIM is not None
    subprocess.run(
        [NVIM, "--headless", "--clean", "-n", "-c", f"luafile {script}"],
        cwd=tmp_path,
        env=env,
        timeout=90,
        check=True,
        capture_output=True,
    )
    result = json.loads(out.read_text())
    assert result["done"] is True
    shown = [(d["line"], d["col"], d["code"], d["source"]) for d in result["diagnostics"]]
    assert shown == [(1, 17, "catalog-datacenter", "jobspec"), (6, 14, "network-mbits-deprecated", "jobspec")]
    assert result["diagnostics"][0]["message"].startswith('no node in the catalog is in datacenter "dc9"')
    assert result["hover"] == (
        "host network `public`: 6 of 8 nodes: edge-1, edge-2 (down), edge-3 (ineligible, draining), web (class of 3)"
    )
    assert result["titles"] == ["delete the `mbits` line", "Ignore network-mbits-deprecated on this line"]
    assert result["fixed"] is True
    assert result["text"] == JOB.replace("      mbits = 10\n", "").rstrip("\n")
    assert result["after"] == ["catalog-datacenter"]
