"""Turn HCL expressions into values.

Values are plain Python (str, int, float, bool, None, list, dict), as go-cty holds
them: numbers with cty's precision (:mod:`jobspec.evaluate.numbers`), and cty's list,
set and map types as subclasses of list and dict that keep their element type
(:mod:`jobspec.evaluate.types`). A value that cannot be known offline is an
:class:`Unknown`, which every check treats as "skip, and say so" rather than as wrong. Nomad keeps runtime references
(``${NOMAD_*}``, ``${node.*}``, ``${attr.*}``, ``${meta.*}``, ``env[...]``) as
literal ``${...}`` text, and so do we. :func:`jobspec.evaluate.document.prepare`
collects a file's variables and locals and expands its ``dynamic`` blocks.
"""

from __future__ import annotations

from jobspec.evaluate.expressions import Scope, evaluate
from jobspec.evaluate.values import Unknown, is_known

__all__ = ["Scope", "Unknown", "evaluate", "is_known"]
