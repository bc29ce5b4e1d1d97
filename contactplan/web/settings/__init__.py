"""The case's settings: the sender block of its letters (the service's
name, address, telephone and email) and its lead practitioner, who signs
letters and is the organiser of calendar invitations."""
