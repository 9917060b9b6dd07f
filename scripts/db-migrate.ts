// `npm run db:migrate`: create the database if needed and apply pending migrations, as the server does
// at start. Run it before `prisma migrate dev` on a fresh data directory: Prisma's JavaScript schema
// engine (6.19) fails with P1014 when `_prisma_migrations` does not exist yet.
import { ensureDatabase } from "../lib/db/migrate";

const { file, applied } = ensureDatabase();
console.log(applied.length > 0 ? `${file}: applied ${applied.join(", ")}` : `${file}: up to date`);
