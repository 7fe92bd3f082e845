from django.contrib import admin

from wuye.messaging.models import Notice, SmsMessage


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "phone", "purpose", "status")
    list_filter = ("purpose", "status")
    search_fields = ("phone",)


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("published_at", "estate", "subject", "publisher", "title")
    search_fields = ("title", "subject", "publisher")

    def has_change_permission(self, request, obj=None) -> bool:
        # A published notice is never changed (Notice.save refuses); a correction is a further notice.
        return False
