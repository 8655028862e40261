"""Loading: the shipped data read back, checked against its hashes, offline.

Owns the loaders (``loaders``), model instances of shipped rows (``rows``), evidence and
disagreements (``provenance``), where the files are (``paths``), integrity of the package and
of release archives (``integrity``) and comparing two releases (``diff``). May import the
shared leaves and ``models`` (the plain-data specs; the pydantic models only inside the
functions that return model instances); pyarrow and pandas load inside the functions that
need them, so ``import moroccous_data`` stays cheap. Never ``validation``, ``building``, ``editing`` or ``publishing``.
"""
