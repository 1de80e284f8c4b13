"""Modal dialogs: tag input, note editor, help, orphans."""
