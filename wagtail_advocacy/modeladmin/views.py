"""The index view of every Advocacy model list: wagtail-modeladmin's, made safe for what
reaches it from outside (a hand-edited URL, a spreadsheet opened by an editor)."""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import lookup_field
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from wagtail_modeladmin.views import IndexView

from ..sanitize import spreadsheet_cell


class AdvocacyIndexView(IndexView):
    """A model list filtered only by its own filters, answering a bad one with the whole
    list, and writing safe CSV.

    wagtail-modeladmin lets ``IncorrectLookupParameters`` (``?featured__exact=maybe``,
    ``?campaign__id__exact=abc``, an unknown parameter) escape as a server error, where
    Django's own admin redirects; this view redirects to the unfiltered list and says why.
    """

    def get_filters(self, request):
        filter_specs, has_filters, remaining, use_distinct = super().get_filters(request)
        # wagtail-modeladmin would apply any other lookup of the URL as a filter, across
        # relations too (``?page__owner__password__startswith=``): a way to guess what the
        # list does not show. Django's admin refuses them (``lookup_allowed``); here only a
        # plain lookup on a filtered field itself (``?category=brand``) may go beside them.
        refused = [key for key in remaining if not self._is_filtered_field_lookup(key)]
        if refused:
            raise IncorrectLookupParameters(sorted(refused))
        return filter_specs, has_filters, remaining, use_distinct

    def _is_filtered_field_lookup(self, key: str) -> bool:
        field_name, _, lookup = key.partition("__")
        filtered = {
            entry[0] if isinstance(entry, tuple | list) else entry
            for entry in self.list_filter
            if not callable(entry)
        }
        if field_name not in filtered:
            return False
        # Not ``regex`` and the like: a pattern the database cannot compile fails only when
        # the list is read, too late to be answered as a bad filter.
        return lookup in {"", "exact", "in", "isnull"}

    def dispatch(self, request, *args, **kwargs):
        try:
            # A null character reaches the search and the filters as it is, and PostgreSQL
            # refuses it in any text: a parameter no list can answer.
            if any("\x00" in key + value for key, value in request.GET.items()):
                raise IncorrectLookupParameters("null character")
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            messages.warning(
                request,
                gettext("That filter is not valid: showing the whole list instead."),
            )
            return HttpResponseRedirect(request.path)

    @property
    def export_headings(self):
        # wagtail-modeladmin reads list_export from the ModelAdmin but export_headings from
        # the view only: let a ModelAdmin declare both side by side.
        return getattr(self.model_admin, "export_headings", {})

    @property
    def custom_field_preprocess(self):
        return getattr(self.model_admin, "custom_field_preprocess", {})

    def to_row_dict(self, item):
        # wagtail-modeladmin writes "-" for any empty value (0 and "" too); a spreadsheet
        # needs an empty cell for a missing value and the number 0 for zero.
        return {
            field: lookup_field(field, item, self.model_admin)[2] for field in self.list_export
        }

    def preprocess_field_value(self, field, value, export_format):
        # A list with ``list_export`` exports what people typed: no formula reaches a CSV.
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return spreadsheet_cell(value)
        return value
