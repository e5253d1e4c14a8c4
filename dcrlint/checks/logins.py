"""Checks of this family (not written yet)."""

from __future__ import annotations

CHECKS: tuple[object, ...] = ()
