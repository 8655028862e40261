"""Publishing: every form the built data is offered in besides its own files.

Owns the release archive (``release``), SQLite and Datasette (``sqlite_export``), the static
explorer site (``explorer``), the data dictionary, W3C Web Annotations, Croissant, the
catalogue metadata, DuckDB views, the R script and the Stata files (``r_script``, ``stata``,
typed by ``field_types``), how to cite, a record's evidence (``evidence``) and the check of
every citation against its source's live page (``recheck``, which fetches with ``webpage``).
May import ``models`` (specs and kinds), ``loading`` (to read the installed data) and the shared
leaves (``seedfiles`` for the released ids and source texts); never ``validation``, ``building`` or
``editing``.
"""
