"""The use cases, one module each: what a command asks for (a request) and what it
gets back (a result), with no flag parsing and no printing.

- :mod:`jobspec.app.lint`: many job files, one report (``validate``);
- :mod:`jobspec.app.plan`: one job placed on a catalog (``plan``);
- :mod:`jobspec.app.normalize`: one job's normalised model (``normalize``);
- :mod:`jobspec.app.catalog`: a catalog read alone (``catalog check``/``show``).
"""
