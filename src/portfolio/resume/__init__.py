"""Résumé as data: load and validate ``docs/resume.yaml``, and export it (JSON, JSON-LD, PDF).

Plain Python: nothing here imports Sphinx. See ``docs/reference/resume-data.md``.
"""

from __future__ import annotations

from portfolio.resume.loader import Position, ResumeError, ResumeValidationError
from portfolio.resume.model import CONTACT_FIELDS, DEFAULT_PUBLIC, LABELS, PAPERS, Resume

__all__ = [
    "CONTACT_FIELDS",
    "DEFAULT_PUBLIC",
    "LABELS",
    "PAPERS",
    "Position",
    "Resume",
    "ResumeError",
    "ResumeValidationError",
]
