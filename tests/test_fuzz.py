"""Property tests: whatever the bytes, the loader answers with diagnostics, never an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobspec.engine.file import lint_text
from jobspec.load.files import decode

SEED = """job "api" {
  datacenters = ["dc1"]
  group "web" {
    count = 2
    network {
      mode = "bridge"
      port "http" { to = 8080 }
      port "https" {
        static       = 443
        host_network = "public"
      }
      dns { servers = ["1.1.1.1"] }
    }
    service {
      name = "web-${NOMAD_ALLOC_INDEX}"
      port = "http"
    }
    task "app" {
      driver = "docker"
      config {
        image = "x"
        ports = ["http"]
      }
      template {
        data = <<EOH
port={{ env "NOMAD_PORT_http" }}
EOH
        destination = "local/x"
      }
    }
  }
}
"""

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text: str) -> None:
    outcome = lint_text(text, "fuzz.nomad")
    for d in outcome.diagnostics:
        assert d.span.line >= 1 and d.span.column >= 1
        assert d.message


@FAST
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    text, problem = decode(data, "fuzz.nomad")
    if text is None:
        assert problem is not None
    else:
        _check(text)


@FAST
@given(st.text(alphabet='job"{}[]()=#/*<>-$%.,:\n \tabc0123', max_size=300))
def test_random_hcl_like_text(text: str) -> None:
    _check(text)


@FAST
@given(st.data())
def test_mutated_job(data: st.DataObject) -> None:
    text = SEED
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        chunk = data.draw(st.text(alphabet='{}[]"=\n#$ 0a<-', min_size=1, max_size=4))
        if action == "delete":
            text = text[:pos] + text[pos + len(chunk) :]
        elif action == "insert":
            text = text[:pos] + chunk + text[pos:]
        else:
            text = text[:pos] + chunk + text[pos + len(chunk) :]
    _check(text)
