"""Tools for testing code that uses the library; importing this package needs nothing more.

The Hypothesis strategies are in :mod:`auxer_option.testing.strategies`, installed with
the ``hypothesis`` extra: ``pip install "auxer-option[hypothesis]"``.
"""
