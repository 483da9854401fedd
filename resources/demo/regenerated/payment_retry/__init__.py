"""Payment retry service: charge through the bank gateway, retrying transient failures."""
