import { activeTraceId } from '../telemetry/spans.ts';
import { toSafe } from './safe-fields.ts';

/** Structured JSON logs, one line per entry. Secrets are removed before anything is written. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export type Logger = {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
};

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
/**
 * Deep copy with every value under a secret-looking key replaced, safe to JSON.stringify (BigInt,
 * cycles, database errors and their parameters: see safe-fields.ts).
 */
export function redact(value: unknown): unknown {
  return toSafe(value);
}

export function createLogger(
  level: LogLevel,
  base: LogFields = {},
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Logger {
  const min = ORDER[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields) => {
    if (ORDER[lvl] < min) return;
    const time = new Date().toISOString();
    let line: string;
    try {
      // Inside a span (tracing on), the line names its trace: logs and traces join up.
      const traceId = activeTraceId();
      line = JSON.stringify({
        level: lvl,
        time,
        msg,
        ...(traceId ? { trace_id: traceId } : {}),
        ...(toSafe({ ...base, ...fields }) as LogFields),
      });
    } catch (err) {
      // toSafe should leave nothing unwritable; if it ever does, keep the entry and say why
      // rather than throwing into the code that was only trying to log.
      line = JSON.stringify({ level: lvl, time, msg, logError: String((err as Error)?.message ?? err) });
    }
    write(line);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}
