"""The widgets of the main screen; each posts messages up and never reaches into siblings."""
