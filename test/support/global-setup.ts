/** Integration setup: real servers for the whole run, stopped afterwards even when tests fail. */
import type { TestProject } from 'vitest/node';
import { buildTools, startFerretDb, startMinio, type RunningServer, type TestServers } from './servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    servers: TestServers;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tools = await buildTools();
  const started: RunningServer[] = [];
  const stopAll = async () => {
    await Promise.all(started.map((s) => s.stop()));
  };
  try {
    const external = process.env.TEST_MONGODB_URI !== undefined && process.env.TEST_S3_ENDPOINT !== undefined;
    let servers: TestServers;
    if (external) {
      servers = {
        mongoUri: process.env.TEST_MONGODB_URI!,
        s3: {
          endpoint: process.env.TEST_S3_ENDPOINT!,
          accessKeyId: process.env.TEST_S3_ACCESS_KEY_ID ?? process.env.AWS_ACCESS_KEY_ID ?? '',
          secretAccessKey: process.env.TEST_S3_SECRET_ACCESS_KEY ?? process.env.AWS_SECRET_ACCESS_KEY ?? '',
          region: process.env.TEST_S3_REGION ?? 'us-east-1',
        },
        tools,
        external: true,
      };
    } else {
      const ferret = await startFerretDb(tools.ferretdb);
      started.push(ferret);
      const minio = await startMinio(tools.minio);
      started.push(minio);
      servers = { mongoUri: ferret.uri, s3: minio.s3, tools, external: false };
    }
    project.provide('servers', servers);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return stopAll;
}
