"""Page objects: what a person sees and does on a screen, so tests read as the person's steps."""
