"""The build: seeds → checked records → the data folder and every file generated from the models.

Owns the pipeline (``pipeline``), the ``build_data.py`` command and release orchestration
(``command``), and the Frictionless and Arrow schemas. May import
``models``, ``validation``, ``publishing`` and the shared leaves; nothing imports it but
``cli`` and ``build_data.py``.
"""

COMMAND = "build_data.py"  # named in the marker file of every folder the build writes
