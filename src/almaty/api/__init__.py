"""The JSON API wiring: one NinjaAPI at /api/v1/, authentication, error handling; each app
contributes its router."""
