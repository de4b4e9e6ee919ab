import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSwitch, type Switch, type SwitchAddresses, type SwitchDeps } from '../../app.ts';
import { silentLogger } from '../../core/index.ts';
import { resolveConfig, type ProcessConfig } from '../../core/process-config/index.ts';

/** A started in-process switch on its own loopback address and temp data dir. */
export interface TestSwitch {
  sw: Switch;
  config: ProcessConfig;
  addresses: SwitchAddresses;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts buildSwitch() on `address` (a distinct 127.0.0.x per test file)
 * with a temp data dir; `flags` override the config like CLI flags do.
 */
export async function startTestSwitch(
  address: string,
  flags: Record<string, unknown> = {},
  deps: Partial<SwitchDeps> = {},
): Promise<TestSwitch> {
  const dataDir = (flags.dataDir as string | undefined) ?? mkdtempSync(join(tmpdir(), 'sy-it-'));
  const config = resolveConfig({
    flags: {
      dataDir,
      bind: address,
      httpBind: address,
      sipPort: 5060,
      httpPort: 8080,
      sipWsPort: 5066,
      logLevel: 'silent',
      // A short drain: stop() hangs up what is left after 1 s.
      shutdownTimeoutMs: 3000,
      ...flags,
    },
    env: {},
    file: {},
  });
  const sw = buildSwitch(config, {
    logger: silentLogger(),
    adminPassword: 'integration-test-pw',
    ...deps,
    // Signalling tests run without RTP: pass { media: undefined } for the
    // switch's own MediaServer.
    media: 'media' in deps ? deps.media : null,
  });
  const addresses = await sw.start();
  return { sw, config, addresses, dataDir, stop: () => sw.stop() };
}
