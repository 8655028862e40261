"""Validation: whether seed files are a valid contribution, and every problem in words a contributor can act on.

Owns the problem format (``problem``), the exact reader of malformed files (``seedfile``),
the quick byte-level test a file passes before pyarrow parses it (``quotescan``, standard
library only, so a child process can run it), the streaming column-wise checks of one file
(``tablecheck``), the checks across files and
against the source texts (``checks``), quote near misses (``nearmiss``), sentence coverage
(``coverage``) and the contributor's edits of seed files (``seededit``). May import
``models`` (the specs, never pydantic at load time), ``edtf`` and the shared leaves
(``errors``, ``formats``, ``atomic``, ``progress``); never ``build``, ``publishing`` or ``loading``.
"""
