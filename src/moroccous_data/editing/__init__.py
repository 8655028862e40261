"""Editing: the contributor's tools that change or report on a seeds folder, apart from judging it.

Owns the edits of seed files (``add``, ``set`` and ``fmt``, in ``seededit``), the sentence
coverage of the sources (``coverage``) and its review (``review``). May import ``validation``
(every edit is checked by it before anything is written), ``models`` and the shared leaves;
nothing imports it but ``cli``.
"""
