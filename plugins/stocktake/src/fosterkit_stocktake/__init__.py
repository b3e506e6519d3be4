"""The 2018 National Fostering Stocktake for fosterkit: its recommendations as a catalogue pack.

The pack (id ``stocktake-2018``) holds the stocktake's recommendations, grouped by theme and
numbered by paragraph (3.1 to 9.3) as local responses number them, with cross-links to the
Foster Care Practice Guide. Installing the distribution registers it under the entry-point group
``fosterkit``, so every fosterkit command that takes ``--pack`` can use it.
"""

from fosterkit_stocktake.plugin import PACK_ID, stocktake_pack

__all__ = ["PACK_ID", "stocktake_pack"]
