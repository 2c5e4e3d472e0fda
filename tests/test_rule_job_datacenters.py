from tests.conftest import found, lint

RULE = "job-datacenters"


def test_empty_entry_is_pointed_at():
    text = 'job "a" {\n  datacenters = ["dc1", ""]\n  group "g" {}\n}\n'
    assert found(text, RULE) == [(2, 25)]
    assert [d.message for d in lint(text) if d.rule == RULE] == ["Job datacenter must be non-empty string"]


def test_single_empty_entry():
    # TestJob_Validate: datacenters [""].
    assert found('job "a" {\n  datacenters = [""]\n}\n', RULE) == [(2, 18)]


def test_every_empty_entry_is_reported():
    assert found('job "a" {\n  datacenters = ["", "dc1", ""]\n}\n', RULE) == [(2, 18), (2, 29)]


def test_empty_list_and_globs_pass():
    assert found('job "a" {\n  datacenters = []\n}\n', RULE) == []
    assert found('job "a" {\n  datacenters = ["dc*", "*"]\n}\n', RULE) == []
    assert found('job "a" {}\n', RULE) == []


def test_unknown_list_is_skipped():
    assert found('job "a" {\n  datacenters = var.dcs\n}\n', RULE) == []
