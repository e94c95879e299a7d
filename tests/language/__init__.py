"""Tests for the language app: plain pytest, no Django."""
