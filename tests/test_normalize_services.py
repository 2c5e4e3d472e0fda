"""The fields the service and job rules added to the normaliser."""

from jobspec.model.job import Job
from tests.conftest import normalised


def job(text: str) -> Job:
    [result] = normalised(text)
    return result


def test_datacenter_spans_point_at_each_element():
    result = job('job "a" {\n  datacenters = ["dc1", "", "dc2"]\n}\n')
    assert result.datacenters == ("dc1", "", "dc2")
    assert [(s.line, s.column) for s in result.datacenter_spans] == [(2, 18), (2, 25), (2, 29)]


def test_datacenter_spans_empty_without_a_literal_list():
    assert job('job "a" {}\n').datacenter_spans == ()
    assert job('job "a" {\n  datacenters = var.dcs\n}\n').datacenter_spans == ()


def test_service_address():
    result = job('job "a" {\n  group "g" {\n    service {\n      address = "10.0.0.1"\n    }\n    service {}\n  }\n}\n')
    assert [s.address for s in result.groups[0].services] == ["10.0.0.1", None]
