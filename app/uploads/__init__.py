"""/api/uploads: direct, resumable uploads in parts, completed into a video."""
