"""/api/users: profiles, search, a user's videos, likes, followers and following, follows."""
