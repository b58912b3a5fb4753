"""Settings, URL routing, WSGI entry point and the typed registry of environment variables."""
