"""The SQLite store: schema and migrations, transactions, audit log, rows → scoring inputs. No Qt."""
