class DomainError(Exception):
    """A business rule said no. The message is plain English, safe to show the user."""
