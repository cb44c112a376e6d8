"""Backups: a round trip brings back every row, drafts, history and accounts included."""

from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.models import Agreement
from partnerships.backup import file_suffix
from partnerships.models import Place
from partnerships.tests.factory import make_place

# The backup tools read committed data from their own connections; the serialized
# rollback brings back what the migrations created (vocabulary, staff groups).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def snapshot() -> dict[str, list]:
    """Every row's primary key and its last change, for every model of the project."""
    tables = {}
    for model in apps.get_models():
        if model._meta.app_label in {"partnerships", "agreements", "auth", "axes"}:
            fields = ["pk"] + (["updated_at"] if hasattr(model, "updated_at") else [])
            tables[model._meta.label] = list(
                model._default_manager.order_by("pk").values_list(*fields)
            )
    return tables


@pytest.fixture
def directory():
    call_command("load_directory", verbosity=0)
    make_place("Draft town", country="DE", publication_status="draft")
    User.objects.create_user("curator", password="a long passphrase 42", is_staff=True)


def test_restoring_a_backup_brings_back_exactly_what_was_there(directory, tmp_path):
    before = snapshot()
    assert before["agreements.Agreement"] and before["partnerships.HistoricalPlace"]
    backup = tmp_path / f"directory{file_suffix()}"
    call_command("backup_database", output=backup, stdout=mock.MagicMock())

    Agreement.objects.all().delete()
    Place.objects.filter(name="Draft town").delete()
    User.objects.all().delete()
    assert snapshot() != before

    call_command("restore_database", str(backup), yes=True, stdout=mock.MagicMock())
    assert snapshot() == before
    assert User.objects.get(username="curator").check_password("a long passphrase 42")


def test_a_restore_must_be_confirmed(directory, tmp_path):
    backup = tmp_path / f"directory{file_suffix()}"
    call_command("backup_database", output=backup, stdout=mock.MagicMock())
    Agreement.objects.all().delete()
    with mock.patch("builtins.input", return_value="no"), pytest.raises(CommandError):
        call_command("restore_database", str(backup))
    assert not Agreement.objects.exists()


def test_a_file_that_is_no_backup_is_refused_and_changes_nothing(directory, tmp_path):
    before = snapshot()
    not_a_backup = tmp_path / f"notes{file_suffix()}"
    not_a_backup.write_bytes(b"these are not the rows you are looking for" * 100)
    with pytest.raises(CommandError):
        call_command("restore_database", str(not_a_backup), yes=True)
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore_database", str(tmp_path / "missing.dump"), yes=True)
    assert snapshot() == before


def test_an_existing_file_is_never_overwritten(directory, tmp_path):
    existing = tmp_path / "precious.dump"
    existing.write_text("keep me")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup_database", output=existing)
    assert existing.read_text() == "keep me"
