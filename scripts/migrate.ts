/** Applies every migration in prisma/migrations to the database (DATABASE_URL or data/). */
import { migrateDatabase } from "../app/db/migrate.server";

migrateDatabase();
