"""Shared by the migrations that index directory_unaccent(name) (not a migration itself:
Django's loader skips modules whose name starts with an underscore)."""


def index_name(table: str, column: str) -> str:
    return f"{table}_{column}_unaccent_trgm"[:63]


def create_name_indexes(schema_editor, columns):
    for table, column in columns:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(table, column)} ON {table} "
            f"USING gin (directory_unaccent({column}) gin_trgm_ops)"
        )


def drop_name_indexes(schema_editor, columns):
    for table, column in columns:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(table, column)}")
