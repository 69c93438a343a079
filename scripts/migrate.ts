/** Applies every migration to the database (DATABASE_URL or data/): SQLite's or PostgreSQL's history. */
import { migrateDatabase } from "../app/db/migrate.server";
import { migratePostgresql } from "../app/db/migrate-postgresql.server";
import { databaseProvider, databaseUrl } from "../app/db/url";

if (databaseProvider() === "postgresql") await migratePostgresql(databaseUrl());
else migrateDatabase();
