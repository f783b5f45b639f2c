"""Migration operations that keep a hot table writable on PostgreSQL.

Building an index or checking a constraint over a large table with Django's plain
operations holds a lock that stops writes until it is done. On PostgreSQL the same state
is reached with statements that do not (`CREATE INDEX CONCURRENTLY`, `NOT VALID` then
`VALIDATE`); other databases (SQLite, the embedded default) run the plain operations.
Migrations that use them are non-atomic: a concurrent build cannot run in a transaction.
"""

from django.db import migrations


class ByDatabase(migrations.SeparateDatabaseAndState):
    """The state of `state_operations`, reached on PostgreSQL by `postgresql`.

    Other databases run `other`, which defaults to `state_operations` themselves (an empty
    list skips them there, e.g. for a PostgreSQL-only index).
    """

    def __init__(self, *, state_operations, postgresql, other=None):
        super().__init__(
            database_operations=state_operations if other is None else other,
            state_operations=state_operations,
        )
        self.postgresql = postgresql
        self.other = other

    def deconstruct(self):
        kwargs = {"state_operations": self.state_operations, "postgresql": self.postgresql}
        if self.other is not None:
            kwargs["other"] = self.other
        return self.__class__.__qualname__, [], kwargs

    def _for(self, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            return self.postgresql
        return self.database_operations

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        chosen, self.database_operations = self.database_operations, self._for(schema_editor)
        try:
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        finally:
            self.database_operations = chosen

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        chosen, self.database_operations = self.database_operations, self._for(schema_editor)
        try:
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        finally:
            self.database_operations = chosen

    def describe(self):
        return "State change, applied on PostgreSQL without a long lock"
