import { describe, expect, it } from 'vitest';
import { planDump } from '../../src/commands/backup.js';
import type { ServerInfo } from '../../src/mongo/topology.js';
import { parseBackupSettings } from '../../src/settings/backup.js';
import { reader } from '../support/inputs.js';

const replicaSet: ServerInfo = { version: '7.0.12', topology: 'replica-set' };
const standalone: ServerInfo = { version: '7.0.12', topology: 'standalone' };

function plan(inputs: Record<string, string>, server: ServerInfo) {
  const settings = parseBackupSettings(
    reader({ 'mongodb-uri': 'mongodb://h1,h2/app?replicaSet=rs', 's3-bucket': 'b', ...inputs }),
    {},
  );
  return planDump(settings, settings.targets[0]!, server);
}

describe('planDump', () => {
  it('uses --oplog for a whole-deployment dump of a replica set', () => {
    const result = plan({ database: '*', name: 'all' }, replicaSet);
    expect(result).toMatchObject({ oplog: true, consistency: 'oplog', downgrade: undefined });
  });

  it('downgrades with a reason for one database (auto)', () => {
    const result = plan({}, replicaSet);
    expect(result.oplog).toBe(false);
    expect(result.consistency).toBe('none');
    expect(result.downgrade).toContain('only database "app"');
  });

  it('downgrades on a standalone (auto)', () => {
    const result = plan({ database: '*', name: 'all' }, standalone);
    expect(result).toMatchObject({ oplog: false, consistency: 'none' });
    expect(result.downgrade).toContain('standalone');
  });

  it('refuses oplog: true on a standalone', () => {
    expect(() => plan({ database: '*', name: 'all', oplog: 'true' }, standalone)).toThrow(
      /Input 'oplog' is true, but the deployment is a standalone server/,
    );
  });

  it('does not warn when oplog is false', () => {
    expect(plan({ oplog: 'false', database: '*', name: 'all' }, replicaSet)).toMatchObject({
      oplog: false,
      downgrade: undefined,
    });
  });

  it("leaves the catalog collection out of its own database's dump", () => {
    const result = plan(
      { database: 'ops', 'catalog-database': 'ops', 'catalog-collection': 'records' },
      standalone,
    );
    expect(result.excludeCollections).toEqual(['records']);
  });

  it('excludes nothing when the catalog lives elsewhere', () => {
    const result = plan(
      { database: 'ops', 'catalog-database': 'ops', 'catalog-uri': 'mongodb://other/' },
      standalone,
    );
    expect(result.excludeCollections).toEqual([]);
  });

  it('notes a whole-deployment dump that includes the catalog', () => {
    expect(plan({ database: '*', name: 'all' }, replicaSet).includesCatalog).toBe(true);
  });
});
