"""Pages for admins (accounts, teams, who may see a case) and for admins and
auditors (the audit)."""
