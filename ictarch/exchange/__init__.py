"""ArchiMate exchange: the vocabulary shared by import and export, and the importer.

Importing is loading from another format: :mod:`~ictarch.exchange.reader` turns an Open Exchange
file into a province model (plain data, then validated), with diagnostics like the YAML loader's.
The writer lives among the exporters (:mod:`exporters.archimate`).
"""
