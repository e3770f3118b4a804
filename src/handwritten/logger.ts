/**
 * Opt-in logging. The client is silent unless `logLevel` (or `CELLENGINE_LOG`) asks
 * for more; the sink is injectable so applications can route lines anywhere.
 */
import { ConfigurationError } from "./errors.js";

export const LOG_LEVELS = ["off", "error", "warn", "info", "debug"] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  error(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  debug(message: string, details?: Record<string, unknown>): void;
  /** Whether lines at `level` go anywhere; lets callers skip building costly ones. */
  isEnabled?(level: LogLevel): boolean;
}

type Method = Exclude<keyof Logger, "isEnabled">;

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** Reads a level, naming where a bad value came from so it can be fixed there. */
export function parseLogLevel(value: string, source: string): LogLevel {
  const level = value.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;

  throw new ConfigurationError(
    `${source} is ${JSON.stringify(value)}; use one of ${LOG_LEVELS.join(", ")}`,
  );
}

// Details are passed only when there are some, so plain lines end cleanly.
const toConsole =
  (write: (...parts: unknown[]) => void) =>
  (message: string, details?: Record<string, unknown>) =>
    details === undefined
      ? write(`[cellengine] ${message}`)
      : write(`[cellengine] ${message}`, details);

const consoleSink: Logger = {
  error: toConsole((...parts) => console.error(...parts)),
  warn: toConsole((...parts) => console.warn(...parts)),
  info: toConsole((...parts) => console.info(...parts)),
  debug: toConsole((...parts) => console.debug(...parts)),
};

/** A logger that passes to `sink` only the lines at or above `level`. */
export function createLogger(level: LogLevel, sink: Logger = consoleSink): Logger {
  const enabled = (method: Method) => RANK[method] <= RANK[level];
  const forward =
    (method: Method) => (message: string, details?: Record<string, unknown>) => {
      if (enabled(method)) sink[method](message, details);
    };

  return {
    error: forward("error"),
    warn: forward("warn"),
    info: forward("info"),
    debug: forward("debug"),
    isEnabled: (candidate) => candidate !== "off" && enabled(candidate),
  };
}
