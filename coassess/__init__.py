"""coassess: co-produced initial crisis assessment and planning."""
