"""Letters: add or change one, preview it as it will be printed (or the
reasons it must not be sent), download it as HTML or PDF."""
