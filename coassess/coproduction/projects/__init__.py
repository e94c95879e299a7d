"""Co-production projects: service improvement done with experts by experience.

A project belongs to a team; its members are the team's staff and named people
without an account; it holds meetings, decisions (the dissensus engine, with
the project as a host) and a log of everyone's contributions and how each was
recognised. Kept in its own package so the audit's other parts (measures,
reflections, dashboards) can grow beside it in the same app.
"""
