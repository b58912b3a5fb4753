"""Settings: `base` runs a local instance, `prod` adds production hardening, `test` the suite."""
