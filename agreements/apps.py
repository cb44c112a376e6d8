from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements, signatories and sources")

    def ready(self):
        # Any change to a directory record invalidates the cached public pages.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from partnerships.caching import bump_directory_version

        for app_label in ("partnerships", "agreements"):
            for model in apps.get_app_config(app_label).get_models():
                post_save.connect(bump_directory_version, sender=model, weak=False)
                post_delete.connect(bump_directory_version, sender=model, weak=False)
        m2m_changed.connect(bump_directory_version, weak=False)
