import { createWorker, exitAfterGrace } from './bootstrap';
import { loadConfig } from './config/config';

async function main(): Promise<void> {
  const config = loadConfig();
  exitAfterGrace(config);
  await createWorker(config);
}

main().catch((err: Error) => {
  // Plain stderr: the logger may not exist yet (bad configuration, unreachable database).
  console.error(JSON.stringify({ level: 'fatal', msg: err.message, name: err.name }));
  process.exit(1);
});
