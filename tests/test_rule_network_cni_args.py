from tests.conftest import lint

RULE = "network-cni-args"


def hits(text: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.message) for d in lint(text) if d.rule == RULE]


def test_duplicate_key_across_network_blocks():
    # structs_test.go: testing-duplicate-cni-arg-keys
    text = """\
        job "a" {
          group "g" {
            network {
              cni {
                args = { "static" = "first_value" }
              }
            }
            network {
              cni {
                args = {
                  "static" = "second_value"
                }
              }
            }
          }
        }
    """
    assert hits(text) == [(11, 11, 'duplicate CNI arg "static"')]


def test_distinct_keys_across_three_networks():
    # structs_test.go: testing-valid-cni-arg-keys
    text = """\
        job "a" {
          group "g" {
            network {
              cni { args = { "static" = "first_value" } }
            }
            network {
              cni { args = { "dynamic" = "second_value" } }
            }
            network {
              cni { args = { "other" = "third_value" } }
            }
          }
        }
    """
    assert hits(text) == []


def test_semicolon_in_key():
    # structs_test.go: testing-invalid-character-cni-arg-key
    text = """\
        job "a" {
          group "g" {
            network {
              cni {
                args = {
                  "static;" = "first_value"
                }
              }
            }
          }
        }
    """
    assert hits(text) == [(6, 11, "invalid ';' character in CNI arg key \"static;\"")]


def test_semicolon_in_value_points_at_the_value():
    # structs_test.go: testing-invalid-character-cni-arg-value
    text = """\
        job "a" {
          group "g" {
            network {
              cni {
                args = {
                  static = "first_value;"
                }
              }
            }
          }
        }
    """
    assert hits(text) == [(6, 20, "invalid ';' character in CNI arg value \"first_value;\"")]


def test_only_string_values_can_hold_a_semicolon():
    text = """\
        job "a" {
          group "g" {
            network {
              cni {
                args = { k = "a;b", n = 5, t = true }
              }
            }
          }
        }
    """
    assert hits(text) == [(5, 22, "invalid ';' character in CNI arg value \"a;b\"")]


def test_unknown_args_are_skipped():
    text = """\
        job "a" {
          group "g" {
            network {
              cni { args = var.cni_args }
            }
            network {
              cni { args = var.cni_args }
            }
          }
        }
    """
    assert hits(text) == []


def test_groups_are_independent():
    text = """\
        job "a" {
          group "g" {
            network {
              cni { args = { k = "v" } }
            }
          }
          group "h" {
            network {
              cni { args = { k = "v" } }
            }
          }
        }
    """
    assert hits(text) == []


def test_parenthesised_keys_are_checked_and_variable_keys_skipped():
    text = """\
        job "a" {
          group "g" {
            network {
              cni {
                args = { ("k;") = "v" }
              }
            }
            network {
              cni {
                args = { (var.k) = "v;" }
              }
            }
          }
        }
    """
    assert hits(text) == [(5, 18, "invalid ';' character in CNI arg key \"k;\"")]
