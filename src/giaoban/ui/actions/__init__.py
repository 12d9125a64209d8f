"""Window-level actions that are not a page: backup and restore, start-up work."""
