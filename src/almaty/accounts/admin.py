from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from almaty.accounts.models import ApiToken, Role, RoleAssignment, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("email", "full_name", "is_active", "is_staff", "date_joined")
    search_fields = ("email", "full_name")
    exclude = ("password",)
    readonly_fields = ("last_login", "date_joined")


@admin.register(Role)
class RoleAdmin(TranslationAdmin):
    list_display = ("code", "name", "needs_state", "is_secretariat")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "state", "valid_from", "valid_to")
    list_filter = ("role", "state")
    list_select_related = ("user", "role", "state")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "prefix",
        "user",
        "name",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")
