"""Likes: who liked which video, and liking or unliking one."""
