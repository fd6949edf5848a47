"""The interactive docs' assets (Swagger UI), served by the app, and `/`."""
