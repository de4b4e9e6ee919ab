import { parseArgs } from 'node:util';
import { buildSwitch, type SwitchAddresses } from './app.ts';
import { ConfigError, createLogger } from './core/index.ts';
import {
  FLAG_NAMES,
  coerceText,
  readConfigFile,
  readEnv,
  resolveConfig,
  type ProcessConfig,
} from './core/process-config/index.ts';
import { VERSION } from './version.ts';

const HELP = `switchyard ${VERSION}: SIP softswitch, media server and call-centre PBX

Usage:
  switchyard start [options]     start the switch
  switchyard --help              show this help
  switchyard --version           print the version

Options of start (each also read from the environment variable shown, flags win):
  --data-dir DIR            store, keys and recordings          SWITCHYARD_DATA_DIR     ./data
  --bind ADDR               SIP and RTP bind address            SWITCHYARD_BIND         0.0.0.0
  --sip-port N              SIP port (UDP)                      SWITCHYARD_SIP_PORT     5060
  --sip-tcp-port N          SIP over TCP, 0 = off               SWITCHYARD_SIP_TCP_PORT  the --sip-port
  --sip-tls-port N          SIP over TLS, 0 = off (needs cert)  SWITCHYARD_SIP_TLS_PORT  5061
  --sip-ws-port N           SIP over WebSocket, 0 = off         SWITCHYARD_SIP_WS_PORT   5066
  --sip-wss-port N          SIP over secure WebSocket, 0 = off  SWITCHYARD_SIP_WSS_PORT  7443
  --tls-cert FILE           PEM certificate (reloaded on change) SWITCHYARD_TLS_CERT   DIR/tls/cert.pem
  --tls-key FILE            PEM private key                     SWITCHYARD_TLS_KEY      DIR/tls/key.pem
  --http-bind ADDR          admin API bind address              SWITCHYARD_HTTP_BIND    127.0.0.1
  --http-port N             admin API port                      SWITCHYARD_HTTP_PORT    8080
  --rtp-ports MIN-MAX       RTP port range                      SWITCHYARD_RTP_PORTS    10000-20000
  --log-level LEVEL         fatal|error|warn|info|debug|trace|silent
                                                                SWITCHYARD_LOG_LEVEL    info
  --digest-algorithms LIST  SIP digest algorithms offered, most preferred first
                            e.g. SHA-256,MD5                    SWITCHYARD_DIGEST_ALGORITHMS MD5
  --demo                    provision the demo team (demo.local, extensions 1000-1099)
                                                                SWITCHYARD_DEMO         off
  --demo-trunk HOST:PORT    the demo carrier trunk              SWITCHYARD_DEMO_TRUNK   127.0.0.1:5080
  --shutdown-timeout-ms N   drain time on SIGTERM before exit   SWITCHYARD_SHUTDOWN_TIMEOUT_MS 10000
  --hotkey-digits MODE      swallow: hotkey keys are held back from the
                            other party; pass: they reach it too SWITCHYARD_HOTKEY_DIGITS swallow
  --webhook-allow LIST      CIDR blocks tenant webhooks may reach although
                            private or loopback (operator only)  SWITCHYARD_WEBHOOK_ALLOW none
  --config FILE             JSON file with the same fields in camelCase (lowest precedence
                            but for the defaults)               SWITCHYARD_CONFIG

  SWITCHYARD_ADMIN_PASSWORD sets the password of the superadmin "admin" on the first start;
  without it a random one is printed once.
  SWITCHYARD_SMTP_URL (smtp://user:pass@host:587?starttls=1 or smtps://...) is where bills and
  voicemail e-mail go (no flag: it holds a password); SWITCHYARD_MAIL_FROM their From address;
  SWITCHYARD_BILL_DAY the day of the month bills are made (1-28, 0 = off; default 1).
`;

const OPTIONS = {
  'data-dir': { type: 'string' },
  bind: { type: 'string' },
  'sip-port': { type: 'string' },
  'sip-tcp-port': { type: 'string' },
  'sip-tls-port': { type: 'string' },
  'sip-ws-port': { type: 'string' },
  'sip-wss-port': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'http-bind': { type: 'string' },
  'http-port': { type: 'string' },
  'rtp-ports': { type: 'string' },
  'log-level': { type: 'string' },
  'digest-algorithms': { type: 'string' },
  demo: { type: 'boolean' },
  'demo-trunk': { type: 'string' },
  'shutdown-timeout-ms': { type: 'string' },
  'hotkey-digits': { type: 'string' },
  'webhook-allow': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Exit codes of the CLI. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

function fail(message: string): number {
  console.error(`switchyard: ${message}`);
  return EXIT_USAGE;
}

/** Parses the flags and sources into a validated config, or throws ConfigError. */
export function configFromArgs(
  values: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): ProcessConfig {
  const flags: Record<string, unknown> = {};
  for (const [field, flag] of Object.entries(FLAG_NAMES)) {
    const v = values[flag.slice(2)];
    if (v === undefined) continue;
    flags[field] = typeof v === 'boolean' ? v : coerceText(field, v);
  }
  const configPath = (values.config as string | undefined) ?? (env.SWITCHYARD_CONFIG || undefined);
  const file = configPath === undefined ? {} : readConfigFile(configPath);
  return resolveConfig({ flags, env: readEnv(env), file });
}

/**
 * Runs the CLI. For `start` the returned promise settles when the switch
 * has stopped, with the process exit code.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return fail(`${(e as Error).message.split('\n')[0]} (see switchyard --help)`);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    console.log(VERSION);
    return EXIT_OK;
  }
  if (values.help || positionals.length === 0) {
    console.log(HELP);
    return positionals.length === 0 && !values.help ? EXIT_USAGE : EXIT_OK;
  }
  if (positionals[0] !== 'start' || positionals.length > 1) {
    return fail(`unknown command "${positionals.join(' ')}" (see switchyard --help)`);
  }
  let config: ProcessConfig;
  try {
    config = configFromArgs(values, env);
  } catch (e) {
    if (e instanceof ConfigError) return fail(e.message);
    throw e;
  }
  return runSwitch(config, env);
}

function printBanner(config: ProcessConfig, addresses: SwitchAddresses): void {
  console.log(`switchyard ${VERSION} running`);
  console.log(
    `  admin API  ${addresses.http}  (health: ${addresses.http}/health, docs: ${addresses.http}/docs)`,
  );
  for (const a of addresses.sip) {
    const host = a.address.includes(':') ? `[${a.address}]` : a.address;
    console.log(`  SIP ${a.protocol.toUpperCase().padEnd(6)} ${host}:${a.port}`);
  }
  console.log(`  RTP        ${config.bind}:${config.rtpPorts.min}-${config.rtpPorts.max}`);
  console.log(`  data dir   ${config.dataDir}`);
  if (config.demo) console.log(`  demo users ${config.dataDir}/demo-users.csv`);
}

async function runSwitch(config: ProcessConfig, env: NodeJS.ProcessEnv): Promise<number> {
  const logger = createLogger(config.logLevel);
  const sw = buildSwitch(config, {
    logger,
    adminPassword: env.SWITCHYARD_ADMIN_PASSWORD || undefined,
    onAdminCreated: ({ username, password, isGenerated }) => {
      // Printed once, on the first start only, and never logged.
      if (isGenerated) console.log(`superadmin "${username}" created with password: ${password}`);
      else
        console.log(
          `superadmin "${username}" created with the password from SWITCHYARD_ADMIN_PASSWORD`,
        );
    },
  });
  let addresses;
  try {
    addresses = await sw.start();
  } catch (e) {
    await sw.stop().catch(() => undefined);
    if (e instanceof ConfigError) return fail(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      return fail(`cannot listen: ${(e as Error).message}`);
    }
    logger.fatal({ err: e }, 'start failed');
    return EXIT_FAILURE;
  }
  return new Promise<number>((resolveExit) => {
    let isStopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (isStopping) {
        // A second signal forces the exit without waiting for the drain.
        logger.warn({ signal }, 'second signal: forcing exit');
        process.exit(EXIT_FAILURE);
      }
      isStopping = true;
      logger.info({ signal }, 'stopping: draining');
      const timer = setTimeout(() => {
        logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'drain timed out: forcing exit');
        process.exit(EXIT_FAILURE);
      }, config.shutdownTimeoutMs);
      timer.unref();
      sw.stop().then(
        () => {
          clearTimeout(timer);
          logger.info('stopped');
          resolveExit(EXIT_OK);
        },
        (err: unknown) => {
          clearTimeout(timer);
          logger.error({ err }, 'error while stopping');
          resolveExit(EXIT_FAILURE);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    // The banner comes after the handlers, so a supervisor that signals as
    // soon as it reads "running" gets a clean drain.
    printBanner(config, addresses);
  });
}
