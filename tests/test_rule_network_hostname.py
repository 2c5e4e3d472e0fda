import pytest

from jobspec.rules.network_hostname import is_domain_name
from tests.conftest import in_network, lint

RULE = "network-hostname"


def hits(text: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.message) for d in lint(text) if d.rule == RULE]


def job(hostname: str) -> str:
    return in_network('mode     = "bridge"', f'hostname = "{hostname}"')


def test_only_dots_is_invalid():
    # structs_test.go: hostname-invalid-dns-name
    assert hits(job("............")) == [(5, 18, "Hostname is not a valid DNS name")]


def test_plain_name_is_valid():
    # structs_test.go: hostname ok "foobar"
    assert hits(job("foobar")) == []


def test_interpolated_hostname_is_left_to_the_client():
    assert hits(job("web..${NOMAD_ALLOC_INDEX}")) == []


def test_hint_says_what_is_wrong():
    (d,) = [d for d in lint(job("a..b")) if d.rule == RULE]
    assert "empty label" in d.hint and d.group == "g"


@pytest.mark.parametrize(
    "name",
    [
        "foobar",
        "web-1.example.com",
        "under_score",
        "with space",
        ".",
        "trailing.",
        "a" * 63,
        ".".join(["a" * 63] * 3) + "." + "a" * 63,
        "a\\.b",
        "a\\065b",
        "caf\u00e9",
    ],
)
def test_is_domain_name_accepts_what_miekg_dns_accepts(name):
    assert is_domain_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "a..b",
        ".leading",
        "..",
        "a" * 64,
        ".".join(["a" * 63] * 4) + ".a",
        "dangling\\",
    ],
)
def test_is_domain_name_rejects_what_miekg_dns_rejects(name):
    assert not is_domain_name(name)
