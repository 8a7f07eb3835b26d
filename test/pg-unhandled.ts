import { EventEmitter } from 'node:events';
import pg from 'pg';

/**
 * An emitter whose 'error' nobody listens to throws, and a PostgreSQL error thrown that way
 * crashes its process (in production, the API on a database restart). Such a failure names only
 * pg's parser, where the error was made; this names the emitter, who called emit, and for a pg
 * client who opened it, so the leak can be found. The error still propagates: the run still fails.
 */
const opened = new WeakMap<object, string>();
const connect = pg.Client.prototype.connect;
pg.Client.prototype.connect = function (this: pg.Client, ...args: unknown[]) {
  opened.set(this, new Error('opened').stack ?? '');
  return (connect as (...a: unknown[]) => unknown).apply(this, args);
} as typeof connect;
// Who last took a pooled client out: such a client has no 'error' listener until it is given back.
const checkedOut = new WeakMap<object, string>();
type Callback = (err: Error | undefined, client?: object, release?: unknown) => void;
const poolConnect = pg.Pool.prototype.connect as (this: pg.Pool, cb?: Callback) => Promise<object> | undefined;
pg.Pool.prototype.connect = function (this: pg.Pool, cb?: Callback) {
  const stack = new Error('checked out').stack ?? '';
  if (cb) {
    return poolConnect.call(this, (err, client, release) => {
      if (client) checkedOut.set(client, stack);
      cb(err, client, release);
    });
  }
  return poolConnect.call(this)!.then((client) => {
    checkedOut.set(client, stack);
    return client;
  });
} as typeof pg.Pool.prototype.connect;
const emit = EventEmitter.prototype.emit;
EventEmitter.prototype.emit = function (this: EventEmitter, event: string | symbol, ...args: unknown[]) {
  if (event === 'error' && this.listenerCount('error') === 0 && args[0] instanceof pg.DatabaseError) {
    const { application_name: app } = this as unknown as { application_name?: string };
    process.stderr.write(
      `${this.constructor.name} emitted a PostgreSQL error nobody listens to (${args[0].message}; ` +
        `application ${app ?? '-'}); ${new Error('emitted').stack}\n` +
        `it was ${opened.get(this) ?? 'not opened as a pg client after this file loaded'}\n` +
        `and last ${checkedOut.get(this) ?? 'not checked out of a pool'}\n`,
    );
  }
  return emit.call(this, event, ...args);
};
