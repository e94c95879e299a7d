"""Shared model bases."""

from __future__ import annotations

import uuid

from django.db import models


class PublicModel(models.Model):
    """A model whose primary key is a random UUID, safe to show in URLs.

    Sequential ids would leak how many people a team sees and invite guessing;
    a UUID says nothing and cannot be walked.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
