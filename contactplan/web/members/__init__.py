"""A member of the family: who they are, the languages they speak and read,
interpreting, communication needs, safety and how their languages were
assessed."""
