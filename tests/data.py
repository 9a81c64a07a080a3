"""The files the tests read, kept in ``tests/data/`` (where each comes from is in its README)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

AGREEMENT = DATA / "agreements" / "auxer-pmr-1999.txt"
OCF = DATA / "ocf" / "v1.2.0"
OCF_SCHEMA = OCF / "schema"
OCF_SAMPLES = OCF / "samples"
OCF_ENUMS = OCF_SCHEMA / "enums"
