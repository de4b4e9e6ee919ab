import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../errors.ts';
import { coerceText, readConfigFile, readEnv, resolveConfig } from './load-config.ts';

const none = { flags: {}, env: {}, file: {} };

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig()', () => {
  test('resolveConfig() when nothing is given → the documented defaults', () => {
    expect(resolveConfig(none)).toEqual({
      dataDir: './data',
      bind: '0.0.0.0',
      sipPort: 5060,
      sipTlsPort: 5061,
      sipWsPort: 5066,
      sipWssPort: 7443,
      httpBind: '127.0.0.1',
      httpPort: 8080,
      rtpPorts: { min: 10000, max: 20000 },
      logLevel: 'info',
      demo: false,
      demoTrunk: { host: '127.0.0.1', port: 5080 },
      shutdownTimeoutMs: 10000,
      hotkeyDigits: 'swallow',
      webhookAllow: [],
      billDay: 1,
    });
  });

  test('resolveConfig() AC-9 when SWITCHYARD_SMTP_URL and MAIL_FROM are set → smtpUrl and mailFrom', () => {
    const env = readEnv({
      SWITCHYARD_SMTP_URL: 'smtp://u:pw@mail.test:587?starttls=1',
      SWITCHYARD_MAIL_FROM: 'billing@switch.test',
      SWITCHYARD_BILL_DAY: '5',
    });
    expect(resolveConfig({ ...none, env })).toMatchObject({
      smtpUrl: 'smtp://u:pw@mail.test:587?starttls=1',
      mailFrom: 'billing@switch.test',
      billDay: 5,
    });
  });

  test('resolveConfig() D2 when SWITCHYARD_SMTP_URL is bad → ConfigError without the password', () => {
    const env = readEnv({ SWITCHYARD_SMTP_URL: 'smtps://u:s3cret-pw@mail.test?starttls=1' });
    const e = configError(() => resolveConfig({ ...none, env }));
    expect(e.message).toContain('smtpUrl = smtps://u:***@mail.test?starttls=1');
    expect(e.message).toContain('(from SWITCHYARD_SMTP_URL)');
    expect(e.message).not.toContain('s3cret-pw');
    expect(JSON.stringify(e.value)).not.toContain('s3cret-pw');
  });

  test('resolveConfig() TM-11 when SWITCHYARD_WEBHOOK_ALLOW lists blocks → webhookAllow holds them', () => {
    const env = readEnv({ SWITCHYARD_WEBHOOK_ALLOW: '10.20.0.0/16, 127.0.0.1,,fd00::/8' });
    expect(resolveConfig({ ...none, env }).webhookAllow).toEqual([
      '10.20.0.0/16',
      '127.0.0.1',
      'fd00::/8',
    ]);
  });

  test('resolveConfig() TM-11 when --webhook-allow has a bad block → ConfigError naming the flag', () => {
    const flags = { webhookAllow: coerceText('webhookAllow', '10.0.0.0/33') };
    const e = configError(() => resolveConfig({ ...none, flags }));
    expect(e.field).toBe('webhookAllow');
    expect(e.message).toContain('--webhook-allow');
    expect(e.message).toContain('CIDR');
  });

  test('resolveConfig() when flags, env and file all set a field → flags > env > file > defaults', () => {
    const file = { sipPort: 1111, httpPort: 1112, bind: '127.0.0.3', logLevel: 'warn' };
    const env = { sipPort: 2221, httpPort: 2222 };
    const flags = { sipPort: 3331 };
    const c = resolveConfig({ flags, env, file });
    expect(c.sipPort).toBe(3331);
    expect(c.httpPort).toBe(2222);
    expect(c.bind).toBe('127.0.0.3');
    expect(c.logLevel).toBe('warn');
    expect(c.dataDir).toBe('./data');
  });

  test('resolveConfig() when --sip-port is 70000 → ConfigError naming field, value and flag', () => {
    const e = configError(() => resolveConfig({ ...none, flags: { sipPort: 70000 } }));
    expect(e.field).toBe('sipPort');
    expect(e.value).toBe(70000);
    expect(e.message).toBe(
      'invalid config: sipPort = 70000 (from --sip-port): must be between 1 and 65535',
    );
  });

  test('resolveConfig() when the env holds a non-number port → names the variable', () => {
    const e = configError(() =>
      resolveConfig({ ...none, env: readEnv({ SWITCHYARD_HTTP_PORT: 'eighty' }) }),
    );
    expect(e.message).toContain('httpPort = eighty (from SWITCHYARD_HTTP_PORT)');
  });

  test('resolveConfig() when the RTP range is reversed or malformed → ConfigError on rtpPorts', () => {
    expect(
      configError(() => resolveConfig({ ...none, flags: { rtpPorts: { min: 30000, max: 20000 } } }))
        .field,
    ).toBe('rtpPorts');
    const e = configError(() =>
      resolveConfig({ ...none, flags: { rtpPorts: coerceText('rtpPorts', '20000') } }),
    );
    expect(e.message).toContain('rtpPorts = 20000 (from --rtp-ports)');
  });

  test('resolveConfig() when the log level is unknown → ConfigError on logLevel', () => {
    expect(configError(() => resolveConfig({ ...none, flags: { logLevel: 'loud' } })).field).toBe(
      'logLevel',
    );
  });

  test('resolveConfig() when the file has an unknown field → ConfigError naming it', () => {
    const e = configError(() => resolveConfig({ ...none, file: { sipPrt: 5 } }));
    expect(e.message).toContain('unknown config field "sipPrt"');
  });
});

describe('coerceText()/readEnv()', () => {
  test('coerceText() → numbers, booleans, ranges and host:port parsed', () => {
    expect(coerceText('sipPort', '5070')).toBe(5070);
    expect(coerceText('demo', 'yes')).toBe(true);
    expect(coerceText('demo', '0')).toBe(false);
    expect(coerceText('rtpPorts', '10000-10100')).toEqual({ min: 10000, max: 10100 });
    expect(coerceText('demoTrunk', '[::1]:5080')).toEqual({ host: '::1', port: 5080 });
  });

  test('readEnv() → only SWITCHYARD_* variables that are set and not empty', () => {
    expect(readEnv({ SWITCHYARD_DEMO: 'true', SWITCHYARD_BIND: '', HOME: '/root' })).toEqual({
      demo: true,
    });
  });
});

describe('readConfigFile()', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-config-'));

  test('readConfigFile() when the file is JSON → its fields, text values coerced', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, JSON.stringify({ sipPort: 5090, rtpPorts: '30000-30100' }));
    expect(readConfigFile(path)).toEqual({ sipPort: 5090, rtpPorts: { min: 30000, max: 30100 } });
  });

  test('readConfigFile() when the file is missing or not JSON → ConfigError', () => {
    expect(configError(() => readConfigFile(join(dir, 'missing.json'))).message).toContain(
      'ENOENT',
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ sipPort: ');
    expect(configError(() => readConfigFile(bad)).message).toContain('not valid JSON');
  });
});
