/** `node dist/migrate.js` (the one-shot migration service) or `npm run db:migrate`. */
import { migrate } from './infra/prisma/migrator';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set.');
  process.exit(1);
}
migrate(url).then(
  ({ applied, alreadyApplied }) => {
    console.log(JSON.stringify({ msg: 'migrations done', applied, alreadyApplied: alreadyApplied.length }));
  },
  (err: Error) => {
    console.error(JSON.stringify({ msg: 'migration failed', error: err.message }));
    process.exit(1);
  },
);
