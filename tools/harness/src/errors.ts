/** A service could not be started; the message says what to install or fix. */
export class HarnessError extends Error {
  override name = 'HarnessError';
}
