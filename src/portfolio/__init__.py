"""Peter Zhao's engineering portfolio: the résumé toolchain and the code samples it documents."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
