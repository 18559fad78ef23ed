"""The command line, one module per command; ``cli.py`` at the top is the entry point that assembles them.

:mod:`~ictarch.cli.base` holds the group and its settings, :mod:`~ictarch.cli.options` the option sets
several commands share, :mod:`~ictarch.cli.output` the writing to stdout or files. Only this package and
``cli.py`` print, read the environment, write files and exit; nothing else in ictarch imports it.
"""
