from wuye.workcalendar.api.views import CalendarDayViewSet, CalendarViewSet, CalendarYearViewSet


def register(router) -> None:
    """/api/v1/calendar/days/, /calendar/years/{year}/, /calendar/deadline/."""
    router.register("calendar/days", CalendarDayViewSet, basename="calendar-day")
    router.register("calendar/years", CalendarYearViewSet, basename="calendar-year")
    router.register("calendar", CalendarViewSet, basename="calendar")
