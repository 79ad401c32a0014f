from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from maillage.accounts.models import (
    Invitation,
    JoinRequest,
    Membership,
    Network,
    NetworkMembership,
    NetworkRole,
    Organisation,
    User,
)


class ReadOnlyInline(admin.TabularInline):
    """Roles change through Maillage's own screens, which keep the rules (a last admin, a last
    coordinator) and write the audit log; the technical admin only shows them."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(ReadOnlyInline):
    model = Membership


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        (
            "Droits",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siret", "commune"]
    list_filter = ["kind"]
    search_fields = ["name", "siret"]
    raw_id_fields = ["commune"]
    inlines = [MembershipInline]


class NetworkMembershipInline(ReadOnlyInline):
    model = NetworkMembership


class NetworkRoleInline(ReadOnlyInline):
    model = NetworkRole


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "territory"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["departements"]
    inlines = [NetworkMembershipInline, NetworkRoleInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "kind",
        "organisation",
        "network",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["kind"]
    search_fields = ["email"]
    readonly_fields = ["token_hash"]
    raw_id_fields = ["organisation", "network", "invited_by"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["user", "organisation", "decided_by"]
