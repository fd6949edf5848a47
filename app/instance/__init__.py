"""/api/instance: who runs this server, its terms, its limits."""
