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


class Superseding(PublicModel):
    """A record that is never edited: a change is a new row that `supersedes` the
    one it replaces, which stays, no longer current.

    `supersedes` is unique, so only one new version can follow any version;
    subclasses add a constraint allowing one current row per thing they version
    (an entry's lineage, a voice's position on an option, a decision's outcome).
    """

    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        abstract = True
