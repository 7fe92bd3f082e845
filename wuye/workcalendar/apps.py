from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    name = "wuye.workcalendar"
    label = "workcalendar"
    verbose_name = _("工作日历")

    def ready(self) -> None:
        from wuye.core.cache import watch
        from wuye.workcalendar.models import CalendarDay, CalendarYear

        watch("calendar", CalendarYear, CalendarDay)
