"""Facts about the applicant read from material texts: pure functions, no file access.

Layer: below `rules` (rules/entity.py reads inspections and calls these), above nothing of the
pipeline — every module here works on plain strings so it can be tested in isolation.
"""
