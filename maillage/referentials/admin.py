from django.contrib import admin

from maillage.referentials.models import JobTitle, NafDivision, Occupation, VocabularyTerm


@admin.register(VocabularyTerm)
class VocabularyTermAdmin(admin.ModelAdmin):
    list_display = ["vocabulary", "value", "label"]
    list_filter = ["vocabulary"]
    search_fields = ["value", "label"]


@admin.register(NafDivision)
class NafDivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "label"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "label"]
    search_fields = ["code", "search_label"]
    filter_horizontal = ["naf_divisions"]


@admin.register(JobTitle)
class JobTitleAdmin(admin.ModelAdmin):
    list_display = ["code_ogr", "label", "occupation", "is_main"]
    list_filter = ["is_main", "rarely_used"]
    search_fields = ["search_label"]
    raw_id_fields = ["occupation"]
