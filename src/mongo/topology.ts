/** Asks the source deployment what it is, which decides whether --oplog can give a consistent dump. */
import { MongoClient } from 'mongodb';

export type TopologyKind = 'replica-set' | 'standalone' | 'sharded';

export interface ServerInfo {
  version: string;
  topology: TopologyKind;
}

export interface TopologyProbe {
  probe(uri: string): Promise<ServerInfo>;
}

export const CONNECT_TIMEOUT_MS = 10_000;

export function driverOptions() {
  return {
    serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    appName: 'mongodb-backup-action',
  } as const;
}

export function classifyHello(hello: Record<string, unknown>): TopologyKind {
  if (hello.msg === 'isdbgrid') return 'sharded';
  if (typeof hello.setName === 'string') return 'replica-set';
  return 'standalone';
}

export const mongoTopologyProbe: TopologyProbe = {
  async probe(uri) {
    const client = new MongoClient(uri, driverOptions());
    try {
      const admin = client.db('admin');
      const hello = await admin.command({ hello: 1 });
      const buildInfo = await admin.command({ buildInfo: 1 });
      return {
        version: typeof buildInfo.version === 'string' ? buildInfo.version : 'unknown',
        topology: classifyHello(hello),
      };
    } finally {
      await client.close();
    }
  },
};
