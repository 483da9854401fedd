"""The Tests tab and the trust dialog."""
