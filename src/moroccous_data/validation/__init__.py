"""Validation: whether seed files are a valid contribution, and every problem in words a contributor can act on.

Owns the problem format (``problem``), the one quote grammar and the exact reader of malformed
files (``seedfile``), the column-wise checks of one file read whole (``tablecheck``), the checks
across tables, each declaring what it reads and raises (``crosschecks``), the run of them all
(``checks``) and quote near misses (``nearmiss``, which a problem message shows). May import
``models`` (the specs, never pydantic at load time), ``edtf`` and the shared leaves
(``errors``, ``formats``, ``atomic``, ``progress``); never ``building``, ``publishing``, ``editing`` or ``loading``.
"""
