"""/api/auth: registration, login, tokens, and the signed-in account."""
