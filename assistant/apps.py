from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    """The press-release import assistant: read a release, propose records, create drafts.

    It may import partnerships and agreements; neither imports it.
    """

    name = "assistant"
    verbose_name = _("Press-release assistant")
