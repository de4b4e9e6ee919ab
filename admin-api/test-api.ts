import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { FakeClock, MetricsRegistry, silentLogger } from '../core/index.ts';
import { hashPasswordSync, openStore } from '../core/config-store/index.ts';
import type { ConfigStore, Team } from '../core/config-store/index.ts';
import type { AdminApiDeps, AdminAuthOptions } from './admin-api-deps.ts';
import { buildAdminApi } from './build-admin-api.ts';

/*
 * Helpers for this folder's tests: an admin API over a real SQLite file in a
 * temporary directory, with a superadmin and two teams (alpha, beta), each
 * with a team admin, all logged in through the API itself.
 */

/** The password of every seeded account. */
export const TEST_PASSWORD = 'correct horse battery staple';

let cachedHash: string | undefined;
function passwordHash(): string {
  cachedHash ??= hashPasswordSync(TEST_PASSWORD);
  return cachedHash;
}

/** A seeded team and the token of its admin. */
export interface TestTeam {
  team: Team;
  adminId: number;
  token: string;
}

/** A built API with its store, clock and seeded identities. */
export interface TestApi {
  app: FastifyInstance;
  store: ConfigStore;
  clock: FakeClock;
  superToken: string;
  alpha: TestTeam;
  beta: TestTeam;
  /** Sends a request with a bearer token (or none) and a JSON body. */
  call(
    token: string | undefined,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Logs in through the API and returns the token. */
export async function login(
  app: FastifyInstance,
  username: string,
  team?: string,
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: TEST_PASSWORD, ...(team ? { team } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
  return (res.json() as { token: string }).token;
}

/** Builds the API over a fresh store and seeds it. */
export async function buildTestApi(
  auth?: AdminAuthOptions,
  extra: Partial<AdminApiDeps> = {},
): Promise<TestApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-admin-api-'));
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const store = openStore({ dataDir, clock });
  store.accounts.create({
    teamId: null,
    username: 'root',
    accountType: 'systemAdmin',
    passwordHash: passwordHash(),
  });
  const seedTeam = (uid: string) => {
    const team = store.teams.create({
      uid,
      name: `Team ${uid}`,
      sipDomain: `${uid}.example.com`,
      maxExtensions: 100,
      maxAccounts: 10,
    });
    const admin = store.accounts.create({
      teamId: team.id,
      username: `admin${uid}`,
      accountType: 'teamAdmin',
      passwordHash: passwordHash(),
    });
    return { team, adminId: admin.id };
  };
  const alphaSeed = seedTeam('alpha');
  const betaSeed = seedTeam('beta');
  const app = await buildAdminApi({
    version: '0.0.0-test',
    startedAtMs: clock.now(),
    clock,
    logger: silentLogger(),
    metrics: new MetricsRegistry(),
    status: () => ({ isDraining: false }),
    store,
    ...(auth ? { auth } : {}),
    ...extra,
  });
  await app.ready();
  const superToken = await login(app, 'root');
  const alpha = { ...alphaSeed, token: await login(app, 'adminalpha', 'alpha') };
  const beta = { ...betaSeed, token: await login(app, 'adminbeta', 'beta') };
  return {
    app,
    store,
    clock,
    superToken,
    alpha,
    beta,
    call: (token, method, url, body, headers = {}) =>
      app.inject({
        method,
        url,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    async close() {
      await app.close();
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The rows of a CSV document of csvOf(), each as its cells (quotes undone). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let isQuoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (isQuoted && c === '"' && body[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      isQuoted = !isQuoted;
    } else if (!isQuoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!isQuoted && c === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}
