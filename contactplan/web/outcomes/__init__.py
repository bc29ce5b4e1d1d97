"""Record what happened at a contact whose start has passed (issue 22 item 1)."""
