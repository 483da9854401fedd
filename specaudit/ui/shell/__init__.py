"""The window and its wiring: context, model, actions, open dialog, geometry."""
