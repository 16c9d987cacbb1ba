/**
 * The CLI's own error: the command line is wrong (unknown command or flag, missing
 * argument). The CLI prints it with a pointer to the help and exits with code 2.
 */

/** The command line is wrong; the message says what to type instead. */
export class UsageError extends Error {
  /** Always `'UsageError'`. */
  override readonly name = 'UsageError';
  /** Help topic to point at, e.g. `'storage cp'`. */
  readonly topic: string | undefined;
  /** What to print after the message (default: where the help is). */
  readonly hint: string;

  constructor(message: string, topic?: string, hint?: string) {
    super(message);
    this.topic = topic;
    this.hint = hint ?? `Run 'nubes ${topic ? `${topic} ` : ''}--help' for usage.`;
  }
}
