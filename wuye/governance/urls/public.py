"""Owners' voting pages and the public receipt check (no official login)."""
app_name = "vote"
urlpatterns: list = []
