/** Connection strings as the Database Tools need them: the database moves from the URI's path to --db. */
import { ConnectionString } from 'mongodb-connection-string-url';

/**
 * mongodump treats a database in the URI's path as --db (so a whole-deployment dump would silently dump
 * one database) and refuses a different --db. The path also names the default authSource, so when the
 * URI has credentials and no explicit authSource, that meaning is kept as an explicit authSource.
 */
export function uriWithoutDatabase(uri: string): string {
  const parsed = new ConnectionString(uri);
  const pathDatabase = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (pathDatabase === '') return uri;
  const params = parsed.typedSearchParams<Record<string, string>>();
  if (parsed.username !== '' && !hasParam(params, 'authSource')) params.set('authSource', pathDatabase);
  parsed.pathname = '/';
  return parsed.toString();
}

function hasParam(params: URLSearchParams, name: string): boolean {
  return [...params.keys()].some((key) => key.toLowerCase() === name.toLowerCase());
}
