"""Versions of the vision detectors, part of their cache keys. Kept apart from the detectors
so that a warm run builds its cache keys without importing numpy and OpenCV."""

SEAL_DETECTOR_VERSION = "seals-1"
LOGO_VERSION = "logo-1"
