import pytest

from jobspec.model.port_ranges import format_port_ranges, parse_port_ranges


def test_ports_and_ranges():
    ports, error = parse_port_ranges("22, 80,8500-8502")
    assert error is None
    assert ports == {22, 80, 8500, 8501, 8502}


def test_empty_spec_is_no_ports():
    assert parse_port_ranges("") == (frozenset(), None)


@pytest.mark.parametrize(
    ("spec", "message", "offset"),
    [
        ("3-2147483647", "port must be < 65536 but found 2147483647", 0),  # Nomad's agent test
        ("22,,80", "can't specify empty port", 3),
        ("22,x", 'strconv.ParseUint: parsing "x": invalid syntax', 3),
        ("80-70", "invalid range: ending value (70) less than starting (80) value", 0),
        ("1-2-3", "can only parse single port numbers or port ranges (ex. 80,100-120,150)", 0),
        ("0", "port must be > 0", 0),
        ("22,70000", "port must be < 65536 but found 70000", 3),
        ("10-x", 'strconv.ParseUint: parsing "x": invalid syntax', 3),
    ],
)
def test_errors_in_nomads_words(spec, message, offset):
    _, error = parse_port_ranges(spec)
    assert error is not None
    assert (error.message, error.offset) == (message, offset)


def test_65536_is_accepted_like_nomad():
    ports, error = parse_port_ranges("65536")
    assert error is None and ports == {65536}


def test_format_is_the_shortest_spec():
    assert format_port_ranges({22, 80, 8500, 8501, 8502}) == "22,80,8500-8502"
    assert format_port_ranges(set()) == ""
