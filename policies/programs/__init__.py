"""One small function per program rule; each returns a Finding."""
