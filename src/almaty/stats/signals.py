"""Signals of the statistics exchange, for the parts built on it (forecasts)."""

from django.dispatch import Signal

# Sent once a transaction that changed published values has committed (publication, approved
# revision, external source loaded), with `indicators`: the codes concerned, or None for all.
published_values_changed = Signal()
