from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def set_search_thresholds(sender, connection, **kwargs):
    """Let the indexable <% operator forgive typos as far as search ranks them; give
    SQLite the directory_unaccent() function PostgreSQL gets from a migration."""
    if connection.vendor == "sqlite":
        from partnerships.search import strip_accents

        connection.connection.create_function(
            "directory_unaccent", 1, strip_accents, deterministic=True
        )
        return
    if connection.vendor != "postgresql":
        return
    from partnerships.search import WORD_SIMILARITY_THRESHOLD

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
            [str(WORD_SIMILARITY_THRESHOLD)],
        )


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Places, organizations and partnerships")

    def ready(self):
        connection_created.connect(set_search_thresholds, dispatch_uid="search-thresholds")
