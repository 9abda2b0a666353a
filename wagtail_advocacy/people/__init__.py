"""The programme's people: who is an active ambassador, joining and leaving, hub visits,
and the digest emails they chose."""
