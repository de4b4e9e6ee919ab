import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomPassword } from '../index.ts';
import type { Extension } from './extensions-repository.ts';
import type { ConfigStore } from './open-store.ts';
import { hashPasswordSync } from './password-hash.ts';
import type { Team } from './teams-repository.ts';

/** The fixed shape of the demo tenant. */
export const DEMO = {
  teamUid: 'demo',
  teamName: 'Demo',
  sipDomain: 'demo.local',
  accountUsername: 'demo',
  firstNumber: 1000,
  lastNumber: 1099,
  trunkName: 'carrier',
  routeName: 'dial-9',
  routePrefix: '9',
  did: '5550100',
  csvFile: 'demo-users.csv',
} as const;

/** Options of provisionDemo(). */
export interface ProvisionDemoOptions {
  /** Where demo-users.csv is written. */
  dataDir: string;
  /** The carrier the demo trunk points at (an ipPeer trunk). */
  demoTrunk: { host: string; port: number };
}

/** What provisionDemo() did: whether it wrote anything, and how many users the CSV has. */
export interface ProvisionDemoResult {
  created: boolean;
  users: number;
}

const EXTENSION_COUNT = DEMO.lastNumber - DEMO.firstNumber + 1;

/**
 * Sets up the demo tenant: team `demo` (domain demo.local) with account
 * `demo` owning extensions 1000–1099, an ipPeer trunk `carrier`, a route
 * sending 9-prefixed numbers to it with the 9 stripped, and DID 5550100 to
 * extension 1000. All of it is written in one transaction. It is
 * idempotent: a second run finds everything, creates nothing, keeps the
 * passwords, and rewrites the same CSV.
 */
export function provisionDemo(
  store: ConfigStore,
  options: ProvisionDemoOptions,
): ProvisionDemoResult {
  const existingTeam = store.teams.findByUid(DEMO.teamUid);
  const hasAccount =
    existingTeam !== undefined &&
    store.accounts.findByUsername(existingTeam.id, DEMO.accountUsername) !== undefined;
  // The demo account never logs in; its password only has to be unguessable.
  const accountHash = hasAccount ? undefined : hashPasswordSync(randomPassword(24));

  const { team, isCreated } = store.transaction(() => {
    let isCreated = false;
    let team = store.teams.findByUid(DEMO.teamUid);
    if (team === undefined) {
      team = store.teams.create({
        uid: DEMO.teamUid,
        name: DEMO.teamName,
        sipDomain: DEMO.sipDomain,
        maxExtensions: EXTENSION_COUNT,
      });
      isCreated = true;
    } else if (team.maxExtensions < EXTENSION_COUNT) {
      team = store.teams.update(team.id, { maxExtensions: EXTENSION_COUNT });
      isCreated = true;
    }

    let account = store.accounts.findByUsername(team.id, DEMO.accountUsername);
    if (account === undefined) {
      account = store.accounts.create({
        teamId: team.id,
        username: DEMO.accountUsername,
        accountType: 'user',
        passwordHash: accountHash ?? hashPasswordSync(randomPassword(24)),
      });
      isCreated = true;
    }

    const have = new Set(store.extensions.list(team.id).map((e) => e.internalNumber));
    const missing: string[] = [];
    for (let n = DEMO.firstNumber; n <= DEMO.lastNumber; n++) {
      if (!have.has(String(n))) missing.push(String(n));
    }
    if (missing.length > 0) {
      const teamId = team.id;
      const accountId = account.id;
      store.extensions.createMany(
        missing.map((internalNumber) => ({ teamId, accountId, internalNumber })),
      );
      isCreated = true;
    }

    let trunk = store.trunks.findByName(team.id, DEMO.trunkName);
    const { host, port } = options.demoTrunk;
    if (trunk === undefined) {
      trunk = store.trunks.create({
        teamId: team.id,
        name: DEMO.trunkName,
        type: 'ipPeer',
        host,
        port,
      });
      isCreated = true;
    } else if (trunk.host !== host || trunk.port !== port) {
      trunk = store.trunks.update(trunk.id, { host, port });
      isCreated = true;
    }

    if (store.outboundRoutes.findByName(team.id, DEMO.routeName) === undefined) {
      store.outboundRoutes.create({
        teamId: team.id,
        name: DEMO.routeName,
        numberPrefix: DEMO.routePrefix,
        stripDigits: DEMO.routePrefix.length,
        trunkId: trunk.id,
      });
      isCreated = true;
    }

    if (store.dids.findByNumber(DEMO.did) === undefined) {
      const first = store.extensions.findByNumber(team.id, String(DEMO.firstNumber));
      store.dids.create({
        teamId: team.id,
        number: DEMO.did,
        destinationType: 'extension',
        destinationId: first?.id ?? null,
      });
      isCreated = true;
    }
    return { team, isCreated };
  });

  const users = writeDemoCsv(store, team, options.dataDir);
  return { created: isCreated, users };
}

/**
 * Writes the SIPp injection file (`SEQUENTIAL`, then one
 * `number;domain;[authentication username=number password=secret]` line per
 * extension in number order). It holds clear secrets: mode 0600, written to
 * a temporary name and renamed so a reader never sees half a file.
 */
function writeDemoCsv(store: ConfigStore, team: Team, dataDir: string): number {
  const inRange = (e: Extension) => {
    const n = Number(e.internalNumber);
    return n >= DEMO.firstNumber && n <= DEMO.lastNumber;
  };
  const lines = ['SEQUENTIAL'];
  for (const extension of store.extensions.list(team.id).filter(inRange)) {
    const secret = store.extensions.getSipSecret(extension.id);
    const user = extension.internalNumber;
    lines.push(`${user};${DEMO.sipDomain};[authentication username=${user} password=${secret}]`);
  }
  const path = join(dataDir, DEMO.csvFile);
  const tmpPath = `${path}.${process.pid}.tmp`;
  writeFileSync(tmpPath, `${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(tmpPath, 0o600);
  renameSync(tmpPath, path);
  return lines.length - 1;
}
