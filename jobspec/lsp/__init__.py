"""``jobspec lsp``: jobspec's diagnostics, fixes and catalog in the editor, over the
Language Server Protocol (pygls 2, the ``lsp`` extra).

- :mod:`jobspec.lsp.convert`: jobspec's spans, diagnostics and fixes as LSP values (pure);
- :mod:`jobspec.lsp.context`: what the cursor is on, read from the text (pure);
- :mod:`jobspec.lsp.nodes`: catalog coverage for hover and names for completion (pure);
- :mod:`jobspec.lsp.project`: configuration and catalog per document, and the one lint call;
- :mod:`jobspec.lsp.server`: the pygls wiring.
"""
