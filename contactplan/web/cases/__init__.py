"""The caseload and a case: starting, importing and exporting a case, its
page, acknowledging a finding about the past, removing something from it."""
