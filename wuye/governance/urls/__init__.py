"""Officials' and owners' pages of owners' self-governance, one urls module per area."""
from wuye.governance.urls import decisions

app_name = "governance"
urlpatterns = [*decisions.urlpatterns]
