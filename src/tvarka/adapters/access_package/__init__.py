"""The access package a data subject downloads: zip with JSON, CSV and a readable page.

``build`` makes the zip, ``portability`` the machine-readable export of Art. 20, ``sealing``
encrypts either at rest (AES-GCM, key from the caller) and signs expiring download links.
"""
