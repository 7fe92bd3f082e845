"""Officials' and owners' pages of owners' self-governance, one urls module per area."""
from wuye.governance.urls import committees as committee_urls
from wuye.governance.urls import decisions
from wuye.governance.urls import supervision as supervision_urls

app_name = "governance"
urlpatterns = [*decisions.urlpatterns]
urlpatterns += supervision_urls.urlpatterns
urlpatterns += committee_urls.urlpatterns
