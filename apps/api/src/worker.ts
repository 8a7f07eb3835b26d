import { createWorker } from './bootstrap';
import { loadConfig } from './config/config';

createWorker(loadConfig()).catch((err: Error) => {
  console.error(JSON.stringify({ level: 'fatal', msg: err.message, name: err.name }));
  process.exit(1);
});
