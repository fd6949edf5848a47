"""Engagement on videos beyond likes: bookmarks and shares (API.md, "Engagement")."""
