/**
 * `node apps/api/dist/admin.js <command>` (`npm run admin -- <command>`): operator commands run
 * against the configured database, with the same environment as the API.
 *
 *   bootstrap --organization <name> [--json]
 *     The first organisation and its owner API key, printed once on stdout (never logged).
 *     Refused once any organisation exists.
 */
import { Logger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AdminModule } from './admin.module';
import { checkDependencies, StartupError } from './infra/startup-checks';
import { ConfigError, loadConfig } from './config/config';
import { DomainError } from './infra/errors';
import { OrganizationsService } from './modules/organizations/organizations.service';

const USAGE = `Usage: admin bootstrap --organization <name> [--json]

  bootstrap   Creates the first organisation and its owner API key, printed once.
              Refused once any organisation exists.`;

/** Exit codes: 0 done, 1 refused or failed (the message says why), 2 a usage error. */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        organization: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'bootstrap' || values.organization === undefined) {
    const why =
      positionals[0] && positionals[0] !== 'bootstrap'
        ? `unknown command "${positionals[0]}"`
        : 'bootstrap needs --organization <name>';
    process.stderr.write(`${why}\n\n${USAGE}\n`);
    return 2;
  }

  // Its own lines stay quiet unless asked for: stdout carries the key, and nothing else should.
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, METRICS_PORT: '0' });
  await checkDependencies(config);
  const app = await NestFactory.createApplicationContext(AdminModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  try {
    const { organization, ownerKey } = await app.get(OrganizationsService).bootstrap(values.organization);
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ organization: { id: organization.id, name: organization.name, slug: organization.slug }, ownerApiKey: ownerKey })}\n`
        : `Created organisation "${organization.name}" (${organization.id}).\n` +
            `Its owner API key, shown this once (store it now; it cannot be read back):\n${ownerKey}\n`,
    );
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    const known = err instanceof DomainError || err instanceof ConfigError || err instanceof StartupError;
    process.stderr.write(`${known ? err.message : `admin failed: ${err.message}`}\n`);
    process.exit(1);
  },
);
