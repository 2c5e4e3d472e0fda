"""jobspec: catch broken HashiCorp Nomad job files before they reach a cluster."""

__version__ = "0.1.0"
