"""Enable unaccent and pg_trgm for search on PostgreSQL; does nothing on SQLite.

Creating an extension needs a role allowed to do so (the database owner on most
managed services); see README, 'Running on PostgreSQL'.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0003_verbose_names")]

    operations = [UnaccentExtension(), TrigramExtension()]
