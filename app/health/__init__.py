"""/api/health: liveness and the state of what the API depends on."""
