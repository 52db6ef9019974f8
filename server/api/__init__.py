"""The JSON API under /api/v1: one blueprint per area (server.api.*_api), registered on an
app by server.api.routes."""

__all__ = ["API_PREFIX"]

API_PREFIX = "/api/v1"
