"""Videos: publishing, the read model (queries), the feeds and the writes (controllers)."""
