"""Executing data-subject requests against an organisation's own databases: the pure part.

A connected system is described by fideslang dataset annotations (collections, fields, data
categories, identities, references). From them this package builds, without touching any
database: the data map (``datamap``), the problems a dataset has before anything runs
(``problems``, ``validation``), the order in which collections are read and which keys flow
where (``traversal``), what an erasure or rectification changes (``erasure``,
``rectification``) and which rows must be left alone (``protection``). Adapters in
``tvarka.adapters.targets`` run these plans with one statement per collection per batch.
"""
