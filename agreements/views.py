from django.views.generic import DetailView

from agreements.models import Agreement, FocusArea, Mission, Source
from partnerships.views import VisibleRecordMixin


class AgreementDetailView(VisibleRecordMixin, DetailView):
    model = Agreement

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .with_validity()
            .select_related("partnership", "signed_place")
            .prefetch_related(
                "parties__place",
                "parties__organization",
                "signatories__person",
                "participants__person",
                "focus_areas",
                "citations__source",
            )
        )


class SourceDetailView(VisibleRecordMixin, DetailView):
    model = Source


class MissionDetailView(VisibleRecordMixin, DetailView):
    model = Mission


class FocusAreaDetailView(DetailView):
    model = FocusArea
