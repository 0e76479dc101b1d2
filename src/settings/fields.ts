/** Shared field parsers: each reads one input, checks it and returns a typed value or records an error. */
import { ConnectionString } from 'mongodb-connection-string-url';
import { InputError, InputErrors } from '../errors.js';
import { sanitizeName, sanitizePrefix } from '../naming.js';
import { parseDuration, type RetentionDuration } from '../retention.js';

export interface MongoUri {
  /** Exactly as given: passed on to tools and drivers unchanged. */
  text: string;
  parsed: ConnectionString;
}

/** Reads an input by its kebab-case name; '' when unset. */
export type InputReader = (name: string) => string;

/**
 * Collects every input error before failing, so one run reports all of them. Parsers return
 * `undefined` after recording an error; `finish()` throws when there were any.
 */
export class FieldParser {
  private readonly errors: InputError[] = [];

  constructor(private readonly read: InputReader) {}

  raw(name: string): string {
    return this.read(name).trim();
  }

  fail(name: string, message: string): undefined {
    this.errors.push(new InputError(name, `Input '${name}' ${message}`));
    return undefined;
  }

  finish(): void {
    if (this.errors.length > 0) throw new InputErrors(this.errors);
  }

  optional(name: string): string | undefined {
    const value = this.raw(name);
    return value === '' ? undefined : value;
  }

  required(name: string): string | undefined {
    const value = this.raw(name);
    if (value === '') return this.fail(name, 'is required.');
    return value;
  }

  oneOf<const T extends string>(name: string, allowed: readonly T[], fallback: T): T | undefined {
    const value = this.raw(name);
    if (value === '') return fallback;
    const match = allowed.find((a) => a === value.toLowerCase());
    if (match === undefined) return this.fail(name, `must be one of ${allowed.join(', ')} (got "${value}").`);
    return match;
  }

  /** YAML 1.2 core booleans only, like core.getBooleanInput: a typo is an error, not `false`. */
  boolean(name: string, fallback: boolean): boolean | undefined {
    const value = this.raw(name);
    if (value === '') return fallback;
    if (['true', 'True', 'TRUE'].includes(value)) return true;
    if (['false', 'False', 'FALSE'].includes(value)) return false;
    return this.fail(name, `must be true or false (got "${value}").`);
  }

  duration(name: string, fallback: string): RetentionDuration | undefined {
    const value = this.raw(name) || fallback;
    if (value === '') return undefined;
    const parsed = parseDuration(value);
    if ('problem' in parsed)
      return this.fail(name, `is not a valid duration (got "${value}"): ${parsed.problem}.`);
    return parsed;
  }

  /** A whole number within [min, max]. */
  integer(name: string, fallback: number, min: number, max: number): number | undefined {
    const value = this.raw(name);
    if (value === '') return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      return this.fail(name, `must be a whole number from ${min} to ${max} (got "${value}").`);
    }
    return Number(value);
  }

  /** A list, one item per line or comma-separated; empty when unset. */
  list(name: string): string[] {
    return this.raw(name)
      .split(/[\n,]/)
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  /** A byte size: "64MiB", "64M", "67108864". Units are binary (K = 1024). */
  byteSize(name: string, fallback: string, min: number, max: number): number | undefined {
    const value = this.raw(name) || fallback;
    const match = /^(\d+)\s*(b|k|kib|kb|m|mib|mb|g|gib|gb)?$/i.exec(value);
    if (!match) return this.fail(name, `is not a size like 64MiB (got "${value}").`);
    const power = { b: 0, k: 1, m: 2, g: 3 }[
      (match[2] ?? 'b').charAt(0).toLowerCase() as 'b' | 'k' | 'm' | 'g'
    ];
    const bytes = Number(match[1]) * 1024 ** power;
    if (bytes < min || bytes > max) {
      return this.fail(name, `must be between ${formatMiB(min)} and ${formatMiB(max)} (got "${value}").`);
    }
    return bytes;
  }

  name(name: string, fallback: string | undefined): string | undefined {
    const value = this.raw(name) || fallback;
    if (value === undefined || value === '')
      return this.fail(name, 'is required when it cannot be taken from the URI.');
    const sanitized = sanitizeName(value);
    if (sanitized === undefined) {
      return this.fail(
        name,
        `must contain at least one of a-z, 0-9, '.', '_', '-' and not be only dots (got "${value}").`,
      );
    }
    return sanitized;
  }

  prefix(name: string, fallback: string): string | undefined {
    const value = this.read(name) === '' ? fallback : this.raw(name);
    const sanitized = sanitizePrefix(value);
    if (sanitized === undefined)
      return this.fail(name, `must not contain '.' or '..' segments or control characters (got "${value}").`);
    return sanitized;
  }

  /** A MongoDB connection string. Its value is never echoed: it is a secret. */
  mongoUri(name: string): MongoUri | undefined {
    const value = this.raw(name);
    if (value === '') return this.fail(name, 'is required.');
    const parsed = parseMongoUri(value);
    if ('problem' in parsed) return this.fail(name, parsed.problem);
    return parsed;
  }

  /** An http(s) URL, e.g. for an S3-compatible endpoint. */
  url(name: string): string | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value;
    } catch {
      // reported below
    }
    return this.fail(name, `must be an http:// or https:// URL (got "${value}").`);
  }

  /** A MongoDB database or collection name (no '/\\. "$*<>:|?' and no NUL; '.' allowed in collections). */
  mongoIdentifier(name: string, fallback: string, kind: 'database' | 'collection'): string | undefined {
    const value = this.raw(name) || fallback;
    if (!isMongoIdentifier(value, kind))
      return this.fail(name, `is not a valid MongoDB ${kind} name (got "${value}").`);
    return value;
  }
}

function formatMiB(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${bytes / 1024 ** 3} GiB` : `${bytes / 1024 ** 2} MiB`;
}

/** Parses a connection string; the problem, if any, never quotes it (it is a secret). */
export function parseMongoUri(value: string): MongoUri | { problem: string } {
  if (!/^mongodb(\+srv)?:\/\//.test(value)) {
    return {
      problem:
        'must be a MongoDB connection string starting with mongodb:// or mongodb+srv:// (value not shown: it is secret).',
    };
  }
  try {
    return { text: value, parsed: new ConnectionString(value) };
  } catch (error) {
    const reason = (error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'unparseable')
      .split(value)
      .join('***');
    return {
      problem: `is not a valid MongoDB connection string: ${reason} (value not shown: it is secret).`,
    };
  }
}

/** MongoDB's rules for database and collection names (no '/\\. "$*<>:|?' or NUL in databases; no 'system.'). */
export function isMongoIdentifier(value: string, kind: 'database' | 'collection'): boolean {
  // eslint-disable-next-line no-control-regex -- NUL is one of the characters MongoDB refuses in names
  const forbidden = kind === 'database' ? /[/\\. "$*<>:|?\u0000]/ : /[$\u0000]/;
  return !(
    forbidden.test(value) ||
    value === '' ||
    value.length > 63 ||
    (kind === 'collection' && value.startsWith('system.'))
  );
}
