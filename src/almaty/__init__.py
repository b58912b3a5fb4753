"""almaty: the platform that runs a regional consultative process on migration."""

__version__ = "0.1.0"
