"""The access package a data subject downloads: zip with JSON, CSV and a readable page.

``build`` makes the zip, ``portability`` the machine-readable export of Art. 20, ``links``
signs expiring download links. The execution service stores packages encrypted with the
data key (AES-256-GCM, ``tvarka.adapters.crypto``), the package's id bound in.
"""
