/** Log levels, most to least verbose. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * One structured log line. The hub never puts personal data here: no names, no bodies, no query strings,
 * only the route pattern (`/v1/learners/:id`), never the URL.
 */
export interface LogEntry {
  level: Exclude<LogLevel, 'silent'>;
  msg: string;
  [field: string]: unknown;
}

/** Where log lines go. The default writes one JSON object per line to stdout. */
export type LogSink = (entry: LogEntry & { time: string }) => void;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

let pending: string[] = [];
const flush = () => {
  if (!pending.length) return;
  const text = pending.join('');
  pending = [];
  process.stdout.write(text);
};
let exitHooked = false;

/**
 * JSON lines on stdout. Lines written in one turn of the event loop go out in one write: writing to a file or
 * pipe is synchronous, and a write per request was a twentieth of a busy hub's time. Whatever is pending is
 * written when the process exits, including after an uncaught exception.
 */
export const stdoutSink: LogSink = (entry) => {
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', flush);
  }
  if (pending.push(`${JSON.stringify(entry)}\n`) === 1) setImmediate(flush);
};

/** A JSON-lines logger at `level`, writing to `sink`. */
export function createLogger(level: LogLevel = 'info', sink: LogSink = stdoutSink): Logger {
  const at =
    (l: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (RANK[l] < RANK[level]) return;
      sink({ time: new Date().toISOString(), level: l, msg, ...fields });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
const TOKEN = /^[\w$.-]{1,64}$/;

/**
 * What a log line may say about a caught error. Never its message: a driver's or a parser's message can quote the
 * values it choked on (PostgreSQL's "Key (upn)=(…) already exists", a JSON parser's opening characters, a trigger's
 * text), and those values can be a child's name or UPN. Instead: the class name, the driver's code (SQLite's
 * `SQLITE_CONSTRAINT_UNIQUE`, PostgreSQL's SQLSTATE, Node's `ENOENT`) and a schema error's field paths and issue
 * codes. With the route and request id beside them, that is enough to find the fault without seeing the data.
 */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: typeof error };
  const fields: Record<string, unknown> = { error: TOKEN.test(error.name) ? error.name : 'Error' };
  const code = (error as { code?: unknown }).code;
  if ((typeof code === 'string' && TOKEN.test(code)) || typeof code === 'number') fields.code = code;
  const issues = (error as { issues?: unknown }).issues;
  if (Array.isArray(issues)) fields.issues = issueSummary(issues);
  return fields;
}

/** A schema error's issues as `path:code`, without the values they were about. */
export function issueSummary(issues: ReadonlyArray<{ path?: ReadonlyArray<PropertyKey>; code?: unknown }>): string[] {
  return issues.slice(0, 5).map((i) => `${(i.path ?? []).map(String).join('.')}:${String(i.code)}`);
}

/**
 * {@link errorFields} as one line for a person at a terminal, e.g. `SqliteError (code SQLITE_CONSTRAINT_TRIGGER)` or
 * `ZodError (issues learner.upn:invalid_format)`: what `c2c-hub` prints for a failed command, as a log line would.
 */
export function errorSummary(error: unknown): string {
  const fields = errorFields(error);
  const parts: string[] = [];
  if (fields.code !== undefined) parts.push(`code ${String(fields.code)}`);
  if (Array.isArray(fields.issues) && fields.issues.length) parts.push(`issues ${fields.issues.join(', ')}`);
  const name = error instanceof Error ? String(fields.error) : `a thrown ${String(fields.error)}`;
  return parts.length ? `${name} (${parts.join('; ')})` : name;
}
