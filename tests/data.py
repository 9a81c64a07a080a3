"""The files the tests read, kept in ``tests/data/`` (where each comes from is in its README)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"

AGREEMENT = DATA / "agreements" / "auxer-pmr-1999.txt"
OCF = DATA / "ocf" / "v1.2.0"
OCF_SCHEMA = OCF / "schema"
OCF_SAMPLES = OCF / "samples"
OCF_ENUMS = OCF_SCHEMA / "enums"


#: The official samples with no option grant in them.
OCF_SAMPLES_WITHOUT_OPTIONS = (
    "Documents.ocf.json",
    "Financings.ocf.json",
    "Stakeholders.ocf.json",
    "StockClasses.ocf.json",
    "StockLegends.ocf.json",
    "StockPlans.ocf.json",
    "Valuations.ocf.json",
    "VestingTerms.ocf.json",
    "VestingTransactions.examples.ocf.json",
)


def ocf_sample(name: str) -> Any:
    """The official sample file ``name``, parsed."""
    return json.loads((OCF_SAMPLES / name).read_text(encoding="utf-8"))
