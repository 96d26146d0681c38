"""Web pages: citizen chat (/chat), operator console (/operator), supervisor dashboard (/supervisor)."""
