"""Editor support: the language server (``ictarch lsp``) and what it knows of a model being edited.

- :mod:`~ictarch.editor.session`: one model folder, loaded and checked from the editor's buffers;
- :mod:`~ictarch.editor.index`: where each id is defined and cited, with exact spans;
- :mod:`~ictarch.editor.knowledge`: completion candidates and hover text;
- :mod:`~ictarch.editor.server`: the pygls server (needs the ``lsp`` extra).
"""
