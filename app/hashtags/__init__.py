"""Hashtag pages and trending tags (API.md, "Engagement")."""
