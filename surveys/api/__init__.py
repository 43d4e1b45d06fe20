"""The REST API endpoints of this app (see beteiligung.api for what they share)."""
