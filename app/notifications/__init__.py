"""In-app notifications (API.md, "Notifications"): written by the producer in the
transaction of the action that causes them, read as a keyset-paginated inbox."""
