import { describe, expect, it } from 'vitest';
import { uriWithoutDatabase } from '../../src/mongo/uri.js';

describe('uriWithoutDatabase', () => {
  it.each([
    ['mongodb://127.0.0.1:27017/app', 'mongodb://127.0.0.1:27017/'],
    ['mongodb://h/', 'mongodb://h/'],
    ['mongodb://h', 'mongodb://h'],
    [
      'mongodb://u:p%40s@h1:1,h2:2/app?replicaSet=rs',
      'mongodb://u:p%40s@h1:1,h2:2/?replicaSet=rs&authSource=app',
    ],
    ['mongodb://u:p@h/app?authSource=admin', 'mongodb://u:p@h/?authSource=admin'],
    ['mongodb://u:p@h/app?AUTHSOURCE=admin', 'mongodb://u:p@h/?AUTHSOURCE=admin'],
    [
      'mongodb+srv://u:p@cluster.example.net/app?retryWrites=true',
      'mongodb+srv://u:p@cluster.example.net/?retryWrites=true&authSource=app',
    ],
  ])('%s → %s', (uri, expected) => {
    expect(uriWithoutDatabase(uri)).toBe(expected);
  });
});
