import { createWorker } from './bootstrap';
import { loadConfig } from './config/config';

// Nest closes gracefully on SIGTERM; if a dependency is gone and closing hangs, do not outlive the grace period.
process.once('SIGTERM', () => setTimeout(() => process.exit(1), 15_000).unref());

createWorker(loadConfig()).catch((err: Error) => {
  console.error(JSON.stringify({ level: 'fatal', msg: err.message, name: err.name }));
  process.exit(1);
});
