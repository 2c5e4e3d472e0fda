"""The rule engine: the one place rules run and findings become diagnostics.

- :mod:`jobspec.engine.run`: a scope's enabled rules over one subject, and the stamp
  that gives each finding its rule id and severity;
- :mod:`jobspec.engine.file`: one job file through load → evaluate → normalize →
  rules, then selection, suppressions and severity overrides;
- :mod:`jobspec.engine.catalog`: a catalog with its conflist and agent rules;
- :mod:`jobspec.engine.options`: what decides a result besides the file;
- :mod:`jobspec.engine.suppress`: inline ``# jobspec:ignore`` comments.
"""
