import { describe, expect, test } from 'vitest';
import { FakeClock, MetricsRegistry, computeHa1, silentLogger } from '../../core/index.ts';
import {
  createRequest,
  formatVia,
  generateBranch,
  type SipRequest,
  type SipResponse,
} from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import { RejectLog, type InboundPacket } from '../transport/index.ts';
import { DigestClient, DigestServer } from '../user-agent/index.ts';
import { AuthFailureTracker, DEFAULT_AUTH_FAILURE_POLICY } from './auth-failure-tracker.ts';
import { staticBinding, type StoredBinding } from './binding.ts';
import { DEFAULT_REGISTRAR_OPTIONS, Registrar } from './registrar.ts';
import type { DirectoryEntry, RegistrarDirectory } from './registrar-ports.ts';

const DOMAIN = 'acme.example';
const PASSWORD = 's3cret-pass';

function entry(number: string, extensionId: number): DirectoryEntry {
  return {
    teamId: 7,
    extensionId,
    number,
    realm: DOMAIN,
    ha1Md5: computeHa1('MD5', number, DOMAIN, PASSWORD),
    ha1Sha256: computeHa1('SHA-256', number, DOMAIN, PASSWORD),
    isEnabled: true,
  };
}

const directory: RegistrarDirectory = {
  realmFor: (domain) => domain,
  find: (domain, user) =>
    domain !== DOMAIN
      ? undefined
      : user === '1000'
        ? entry('1000', 1)
        : user === '1001'
          ? entry('1001', 2)
          : undefined,
};

function setup(dir: RegistrarDirectory = directory) {
  const clock = new FakeClock();
  const rejects = new RejectLog(clock, new MetricsRegistry());
  const bans: string[] = [];
  const saved: StoredBinding[][] = [];
  const registrar = new Registrar({
    clock,
    logger: silentLogger(),
    directory: dir,
    persistence: { loadAll: () => [], apply: (ups) => void saved.push(ups) },
    digest: new DigestServer({ clock, algorithms: ['SHA-256', 'MD5'] }),
    failures: new AuthFailureTracker(DEFAULT_AUTH_FAILURE_POLICY, clock),
    rejects,
    ban: (ip) => bans.push(ip),
    banDurationMs: 600_000,
    options: DEFAULT_REGISTRAR_OPTIONS,
  });
  return { clock, registrar, rejects, bans, saved };
}

let cseq = 1;
function register(
  user: string,
  opts: {
    contact?: string;
    expires?: number;
    auth?: string;
    callId?: string;
    source?: string;
  } = {},
) {
  const headers: Array<[string, string]> = [];
  if (opts.expires !== undefined) headers.push(['Expires', String(opts.expires)]);
  if (opts.auth !== undefined) headers.push(['Authorization', opts.auth]);
  const req = createRequest({
    method: 'REGISTER',
    requestUri: `sip:${DOMAIN}`,
    via: formatVia({ transport: 'UDP', host: '192.0.2.10', port: 5060, branch: generateBranch() }),
    from: `<sip:${user}@${DOMAIN}>;tag=f${cseq}`,
    to: `<sip:${user}@${DOMAIN}>`,
    callId: opts.callId ?? 'reg-call-1',
    cseq: cseq++,
    contact: opts.contact ?? `<sip:${user}@192.0.2.10:5060>`,
    headers,
  });
  return req;
}

function send(registrar: Registrar, req: SipRequest, source = '192.0.2.10'): SipResponse {
  let response: SipResponse | undefined;
  const tx = { respond: (r: SipResponse) => (response = r) } as unknown as ServerTransaction;
  const packet: InboundPacket = {
    data: Buffer.from('REGISTER'),
    source: { protocol: 'udp', address: source, port: 5060 },
    local: { protocol: 'udp', address: '192.0.2.1', port: 5060 },
    connectionId: undefined,
  };
  registrar.handleRegister(req, tx, packet);
  return response!;
}

/** REGISTER, take the 401, answer it with a DigestClient: the usual two-step. */
function registerWithAuth(
  r: Registrar,
  user: string,
  password = PASSWORD,
  opts: Parameters<typeof register>[1] = {},
  source?: string,
): SipResponse {
  const first = send(r, register(user, opts), source);
  expect(first.status).toBe(401);
  const client = new DigestClient({ username: user, password });
  const chosen = client.handleChallenge(first.getHeaders('WWW-Authenticate'));
  expect(chosen.ok).toBe(true);
  const auth = client.authorize({ method: 'REGISTER', uri: `sip:${DOMAIN}` })!;
  return send(r, register(user, { ...opts, auth }), source);
}

describe('Registrar (RFC 3261 §10.3)', () => {
  test('REGISTER without credentials → 401 with SHA-256 and MD5 challenges for the domain realm', () => {
    const { registrar } = setup();
    const res = send(registrar, register('1000'));
    expect(res.status).toBe(401);
    const challenges = res.getHeaders('WWW-Authenticate');
    expect(challenges).toHaveLength(2);
    expect(challenges[0]).toContain('algorithm=SHA-256');
    expect(challenges[0]).toContain(`realm="${DOMAIN}"`);
  });

  test('REGISTER with good credentials → 200 listing the contact with expires; lookup finds it (EXT-1)', () => {
    const { registrar } = setup();
    const res = registerWithAuth(registrar, '1000', PASSWORD, { expires: 600 });
    expect(res.status).toBe(200);
    expect(res.getHeaderValues('Contact')).toEqual(['<sip:1000@192.0.2.10:5060>;expires=600']);
    const targets = registrar.lookup(7, '1000');
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({ protocol: 'udp', address: '192.0.2.10', port: 5060 });
  });

  test('T-2 lookup() with a fixed address (host=) → it after the registered contacts, once per address (D92)', () => {
    const { registrar } = setup();
    const fixed = (address: string) =>
      staticBinding(7, '1000', {
        extensionId: 3,
        user: '1000',
        address,
        port: 5060,
        protocol: 'udp',
      });
    registrar.staticContact = (teamId, number) =>
      teamId === 7 && number === '1000' ? fixed('192.0.2.50') : undefined;
    expect(registrar.lookup(7, '1000')).toMatchObject([
      { address: '192.0.2.50', port: 5060, binding: { contactUri: 'sip:1000@192.0.2.50:5060' } },
    ]);
    registerWithAuth(registrar, '1000', PASSWORD, { expires: 600 });
    expect(registrar.lookup(7, '1000').map((t) => t.address)).toEqual(['192.0.2.10', '192.0.2.50']);
    registrar.staticContact = () => fixed('192.0.2.10');
    expect(registrar.lookup(7, '1000').map((t) => t.address)).toEqual(['192.0.2.10']);
  });

  test('T-2 lookup() → a fixed address found unreachable by qualify is left out (D95)', () => {
    const { registrar } = setup();
    registrar.staticContact = () =>
      staticBinding(7, '1000', {
        extensionId: 3,
        user: 'desk',
        address: '192.0.2.50',
        port: 5060,
        protocol: 'udp',
      });
    registrar.isUnreachable = (b) => b.contactUri === 'sip:desk@192.0.2.50:5060';
    expect(registrar.lookup(7, '1000')).toEqual([]);
    registrar.isUnreachable = () => false;
    expect(registrar.lookup(7, '1000').map((t) => t.address)).toEqual(['192.0.2.50']);
  });

  test('REGISTER with Expires below the minimum → 423 with Min-Expires (§10.3 step 7)', () => {
    const { registrar } = setup();
    const res = registerWithAuth(registrar, '1000', PASSWORD, { expires: 30 });
    expect(res.status).toBe(423);
    expect(res.getHeader('Min-Expires')).toBe('60');
  });

  test('REGISTER with Expires above the maximum → capped at the maximum', () => {
    const { registrar } = setup();
    const res = registerWithAuth(registrar, '1000', PASSWORD, { expires: 86_400 });
    expect(res.getHeaderValues('Contact')).toEqual(['<sip:1000@192.0.2.10:5060>;expires=3600']);
  });

  test('Contact * with Expires 0 → removes every binding (§10.3 step 6)', () => {
    const { registrar } = setup();
    registerWithAuth(registrar, '1000', PASSWORD, { contact: '<sip:1000@192.0.2.10:5060>' });
    registerWithAuth(registrar, '1000', PASSWORD, {
      contact: '<sip:1000@192.0.2.11:5060>',
      callId: 'other',
    });
    expect(registrar.lookup(7, '1000')).toHaveLength(2);
    const res = registerWithAuth(registrar, '1000', PASSWORD, {
      contact: '*',
      expires: 0,
      callId: 'other',
    });
    expect(res.status).toBe(200);
    expect(registrar.lookup(7, '1000')).toHaveLength(0);
  });

  test('Contact * without Expires 0 → 400', () => {
    const { registrar } = setup();
    expect(
      registerWithAuth(registrar, '1000', PASSWORD, { contact: '*', expires: 60 }).status,
    ).toBe(400);
  });

  test('a binding expires → swept, lookup empty, unregistered event', () => {
    const { registrar, clock } = setup();
    const gone: string[] = [];
    registrar.on('unregistered', (b, { reason }) => gone.push(`${b.contactUri}:${reason}`));
    registerWithAuth(registrar, '1000', PASSWORD, { expires: 60 });
    clock.tick(59_000);
    registrar.sweep();
    expect(registrar.lookup(7, '1000')).toHaveLength(1);
    clock.tick(1_000);
    registrar.sweep();
    expect(registrar.lookup(7, '1000')).toHaveLength(0);
    expect(gone).toEqual(['sip:1000@192.0.2.10:5060:expired']);
  });

  test('a Contact with a private address from another source → behind NAT, routed to the source', () => {
    const { registrar } = setup();
    registerWithAuth(
      registrar,
      '1000',
      PASSWORD,
      { contact: '<sip:1000@10.0.0.7:5062>' },
      '203.0.113.9',
    );
    const [t] = registrar.lookup(7, '1000');
    expect(t?.binding.isBehindNat).toBe(true);
    expect(t).toMatchObject({ address: '203.0.113.9', port: 5060 });
  });

  test('REGISTER of a disabled extension with good credentials → 403, no binding (EXT-1)', () => {
    const { registrar } = setup({
      realmFor: directory.realmFor,
      find: (domain, user) => {
        const found = directory.find(domain, user);
        return found === undefined ? undefined : { ...found, isEnabled: false };
      },
    });
    expect(registerWithAuth(registrar, '1000').status).toBe(403);
    expect(registrar.lookup(7, '1000')).toEqual([]);
  });

  test('authenticated as 1001 but registering 1000 → 403 (§10.3 step 3)', () => {
    const { registrar } = setup();
    const first = send(registrar, register('1000'));
    const client = new DigestClient({ username: '1001', password: PASSWORD });
    client.handleChallenge(first.getHeaders('WWW-Authenticate'));
    const auth = client.authorize({ method: 'REGISTER', uri: `sip:${DOMAIN}` })!;
    expect(send(registrar, register('1000', { auth })).status).toBe(403);
  });

  test('changes → written to the persistence in one batch on flush', () => {
    const { registrar, saved } = setup();
    registerWithAuth(registrar, '1000');
    registerWithAuth(registrar, '1001');
    registrar.flush();
    expect(saved).toHaveLength(1);
    expect(saved[0]!.map((b) => b.number).sort()).toEqual(['1000', '1001']);
  });
});

describe('Registrar security', () => {
  test('20 wrong-password REGISTERs from one source → the source is banned and counted', () => {
    const { registrar, bans, rejects } = setup();
    for (let i = 0; i < 20; i++) {
      expect(registerWithAuth(registrar, '1000', 'wrong-password').status).toBe(401);
    }
    expect(bans).toEqual(['192.0.2.10']);
    expect(rejects.count('auth-bad-response')).toBe(20);
  });

  test('unknown user vs wrong password → the same status, reason and headers apart from nonces', () => {
    const { registrar } = setup();
    const norm = (r: SipResponse) =>
      [
        r.status,
        r.reason,
        ...r.getHeaders('WWW-Authenticate').map((h) => h.replace(/nonce="[^"]+"/, 'nonce=""')),
      ].join('\n');
    const wrong = registerWithAuth(registrar, '1000', 'bad');
    const unknown = registerWithAuth(registrar, '1999', 'bad');
    expect(norm(unknown)).toBe(norm(wrong));
  });
});

describe('Registrar host lock and external extensions (EXT-2, EXT-15, D40)', () => {
  /** 1000 locked to 192.0.2.0/24, as the config store's parsed lock would be. */
  const locked = (extra: Partial<DirectoryEntry> = {}): RegistrarDirectory => ({
    realmFor: directory.realmFor,
    find: (domain, user) => {
      const found = directory.find(domain, user);
      if (found === undefined) return undefined;
      const sourceRestriction = { allows: (ip: string) => ip.startsWith('192.0.2.') };
      return { ...found, sourceRestriction, ...extra };
    },
  });

  test('EXT-2 REGISTER with good credentials from an allowed address → 200', () => {
    const { registrar } = setup(locked());
    expect(registerWithAuth(registrar, '1000', PASSWORD, {}, '192.0.2.55').status).toBe(200);
    expect(registrar.lookup(7, '1000')).toHaveLength(1);
  });

  test('EXT-2 REGISTER with good credentials from another address → 403, no binding, logged, no ban', () => {
    const { registrar, rejects, bans } = setup(locked());
    const failures: string[] = [];
    registrar.on('authFailed', (f) => failures.push(f.reason));
    for (let i = 0; i < 12; i++) {
      const res = registerWithAuth(registrar, '1000', PASSWORD, {}, '198.51.100.7');
      expect(res.status).toBe(403);
      expect(res.reason).toBe('Host Not Allowed');
    }
    expect(registrar.lookup(7, '1000')).toEqual([]);
    expect(failures.every((r) => r === 'host-restricted')).toBe(true);
    expect(rejects.recent().some((r) => r.reason === 'register-host-restricted')).toBe(true);
    expect(bans).toEqual([]);
  });

  test('EXT-2 REGISTER with a wrong password from another address → 401, as for anyone', () => {
    const { registrar } = setup(locked());
    expect(registerWithAuth(registrar, '1000', 'bad', {}, '198.51.100.7').status).toBe(401);
  });

  test('EXT-15 REGISTER of an external extension with good credentials → 403, no binding', () => {
    const { registrar } = setup(locked({ isExternal: true }));
    expect(registerWithAuth(registrar, '1000', PASSWORD, {}, '192.0.2.55').status).toBe(403);
    expect(registrar.lookup(7, '1000')).toEqual([]);
  });
});
