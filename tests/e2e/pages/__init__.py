"""Page objects: one class per dashboard page, and the shell they share."""
