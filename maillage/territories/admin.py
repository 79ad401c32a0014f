from django.contrib import admin

from maillage.core.text import normalize
from maillage.territories.models import Commune, Departement, Epci, PostalCode, Qpv, Region


class ReferenceDataAdmin(admin.ModelAdmin):
    """Reference data comes from load_territories and the importers: read-only here, so that
    no edit can leave derived rows (name search terms, postcodes) out of step."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Departement)
class DepartementAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "region"]
    search_fields = ["code", "name"]


@admin.register(Epci)
class EpciAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "kind", "population"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0


@admin.register(Commune)
class CommuneAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "departement", "epci", "population", "frr"]
    list_filter = ["kind", "frr", "departement__region"]
    search_fields = ["code", "search_name"]
    raw_id_fields = ["epci", "parent"]
    list_select_related = ["departement", "epci"]
    inlines = [PostalCodeInline]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize(search_term))


@admin.register(Qpv)
class QpvAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    filter_horizontal = ["communes"]
