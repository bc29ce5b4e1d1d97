"""The case's register of interpreters: add one, change one. The checks
decide what matters about an interpreter (no professional registration:
CP104; known to the family: CP105 and CP106)."""
