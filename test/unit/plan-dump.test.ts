import { describe, expect, it } from 'vitest';
import { planDump } from '../../src/commands/backup.js';
import type { ServerInfo } from '../../src/mongo/topology.js';
import { parseBackupSettings } from '../../src/settings/backup.js';
import { reader } from '../support/inputs.js';

const replicaSet: ServerInfo = { version: '7.0.12', topology: 'replica-set' };
const standalone: ServerInfo = { version: '7.0.12', topology: 'standalone' };

function settings(inputs: Record<string, string>) {
  return parseBackupSettings(
    reader({ 'mongodb-uri': 'mongodb://h1,h2/app?replicaSet=rs', 's3-bucket': 'b', ...inputs }),
    {},
  );
}

describe('planDump', () => {
  it('uses --oplog for a whole-deployment dump of a replica set', () => {
    const plan = planDump(settings({ database: '*', name: 'all' }), replicaSet);
    expect(plan).toMatchObject({ oplog: true, consistency: 'oplog', downgrade: undefined });
  });

  it('downgrades with a reason for one database (auto)', () => {
    const plan = planDump(settings({}), replicaSet);
    expect(plan.oplog).toBe(false);
    expect(plan.consistency).toBe('none');
    expect(plan.downgrade).toContain('only database "app"');
  });

  it('downgrades on a standalone (auto)', () => {
    const plan = planDump(settings({ database: '*', name: 'all' }), standalone);
    expect(plan).toMatchObject({ oplog: false, consistency: 'none' });
    expect(plan.downgrade).toContain('standalone');
  });

  it('refuses oplog: true on a standalone', () => {
    expect(() => planDump(settings({ database: '*', name: 'all', oplog: 'true' }), standalone)).toThrow(
      /Input 'oplog' is true, but the deployment is a standalone server/,
    );
  });

  it('does not warn when oplog is false', () => {
    expect(planDump(settings({ oplog: 'false', database: '*', name: 'all' }), replicaSet)).toMatchObject({
      oplog: false,
      downgrade: undefined,
    });
  });

  it("leaves the catalog collection out of its own database's dump", () => {
    const plan = planDump(
      settings({ database: 'ops', 'catalog-database': 'ops', 'catalog-collection': 'records' }),
      standalone,
    );
    expect(plan.excludeCollections).toEqual(['records']);
  });

  it('excludes nothing when the catalog lives elsewhere', () => {
    const plan = planDump(
      settings({ database: 'ops', 'catalog-database': 'ops', 'catalog-uri': 'mongodb://other/' }),
      standalone,
    );
    expect(plan.excludeCollections).toEqual([]);
  });

  it('notes a whole-deployment dump that includes the catalog', () => {
    expect(planDump(settings({ database: '*', name: 'all' }), replicaSet).includesCatalog).toBe(true);
  });
});
