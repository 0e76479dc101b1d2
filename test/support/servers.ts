/** The test servers (shared with the demo in scripts/lib/servers.mjs) and what the tests are told of them. */
import type { S3Endpoint, ToolPaths } from '../../scripts/lib/servers.mjs';

export {
  buildTools,
  freePort,
  ROOT,
  startFerretDb,
  startMinio,
  type RunningServer,
  type S3Endpoint,
  type ToolPaths,
} from '../../scripts/lib/servers.mjs';

export interface TestServers {
  /** A connection string without a database path. */
  mongoUri: string;
  s3: S3Endpoint;
  tools: ToolPaths;
  /** True when the servers came from TEST_MONGODB_URI / TEST_S3_ENDPOINT. */
  external: boolean;
}
