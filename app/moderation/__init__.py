"""Reports, the moderation queue, removals, suspensions, the audit log, blocked terms."""
