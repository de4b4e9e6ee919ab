import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { ConfigError, silentLogger, systemClock } from '../index.ts';
import type { Clock, Logger } from '../index.ts';
import { AccountGroupsRepository } from './account-groups-repository.ts';
import { AccountsRepository } from './accounts-repository.ts';
import { AgentGroupsRepository } from './agent-groups-repository.ts';
import { AgentsRepository } from './agents-repository.ts';
import { AgentSessionsRepository } from './agent-sessions-repository.ts';
import { ApiTokensRepository } from './api-tokens-repository.ts';
import { CallerListsRepository } from './caller-lists-repository.ts';
import { DidsRepository } from './dids-repository.ts';
import { DidLogsRepository } from './did-logs-repository.ts';
import { SatisfactionRatingsRepository } from './satisfaction-ratings-repository.ts';
import { FinanceRepository } from './finance-repository.ts';
import { ExtensionsRepository } from './extensions-repository.ts';
import { InboundRoutesRepository } from './inbound-routes-repository.ts';
import { InternalNumbersRepository } from './internal-numbers-repository.ts';
import { OperationLogsRepository } from './operation-logs-repository.ts';
import { OutboundRoutesRepository } from './outbound-routes-repository.ts';
import { QueuesRepository } from './queues-repository.ts';
import { ConferenceRoomsRepository } from './conference-rooms-repository.ts';
import { VoicemailBoxesRepository } from './voicemail-boxes-repository.ts';
import { DidGroupsRepository } from './did-groups-repository.ts';
import { ReferencesRepository } from './references-repository.ts';
import { ReadCache } from './read-cache.ts';
import { SecretBox, loadOrCreateSecretKey } from './secret-box.ts';
import { SETTING_KEYS, SettingsRepository } from './settings-repository.ts';
import { RegistrationsRepository } from './registrations-repository.ts';
import { RingGroupsRepository } from './ring-groups-repository.ts';
import { RingGroupMembersRepository } from './ring-group-members-repository.ts';
import { RolesRepository } from './roles-repository.ts';
import { PbxTemplatesRepository } from './pbx-templates-repository.ts';
import { CallerIdRestrictionsRepository } from './caller-id-restrictions-repository.ts';
import { BlfGroupsRepository } from './blf-groups-repository.ts';
import { BoardsRepository } from './boards-repository.ts';
import { FeatureCodesRepository } from './feature-codes-repository.ts';
import { StoreContext } from './store-context.ts';
import { TeamsRepository } from './teams-repository.ts';
import { TrunkGroupsRepository } from './trunk-groups-repository.ts';
import { TrunksRepository } from './trunks-repository.ts';
import { TrunkRulesRepository } from './trunk-rules-repository.ts';
import { TrunkGroupRulesRepository } from './trunk-group-rules-repository.ts';
import { WorkHoursRepository } from './work-hours-repository.ts';
import { RatesRepository } from './rates-repository.ts';
import { BillingRepository } from './billing-repository.ts';
import { BillsRepository } from './bills-repository.ts';
import { RecordingRetentionPlansRepository } from './recording-retention-plans-repository.ts';
import { ParkingLotsRepository } from './parking-lots-repository.ts';
import { CallbackRequestsRepository } from './callback-requests-repository.ts';
import { VoiceFilesRepository } from './voice-files-repository.ts';
import { CallPromptsRepository } from './call-prompts-repository.ts';
import { MohClassesRepository } from './moh-classes-repository.ts';
import { IvrFlowsRepository } from './ivr-flows-repository.ts';
import { ApplicationsRepository } from './applications-repository.ts';
import { ChangeStamp } from './change-stamp.ts';
import { installSearchIndexes } from './search-index.ts';

/** File name of the database inside the data directory. */
export const STORE_FILE = 'switchyard.db';

/** The migrations drizzle-kit generated from schema.ts, shipped beside it. */
const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** How long a writer waits for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * How late the read cache may see a commit by another process to the store
 * file (a CLI run against the data dir); the switch's own writes show at
 * once (D37).
 */
export const OTHER_CONNECTION_LAG_MS = 50;

/** Options of openStore(). */
export interface OpenStoreOptions {
  /** Directory holding switchyard.db and secret.key; created 0700 if missing. */
  dataDir: string;
  logger?: Logger;
  /** Source of createdAt/updatedAt; FakeClock in tests. */
  clock?: Clock;
}

/** The open configuration store: typed repositories over one SQLite file. */
export interface ConfigStore {
  /** Absolute path of the database file. */
  readonly path: string;
  readonly isOpen: boolean;
  readonly teams: TeamsRepository;
  readonly accounts: AccountsRepository;
  readonly extensions: ExtensionsRepository;
  readonly trunks: TrunksRepository;
  /** Number rules of trunks (TRK-6, TG-4, TG-5). */
  readonly trunkRules: TrunkRulesRepository;
  readonly outboundRoutes: OutboundRoutesRepository;
  readonly dids: DidsRepository;
  /** Bindings of DIDs made and released (DID-6, DIDL-1). */
  readonly didLogs: DidLogsRepository;
  /** Scores callers keyed after the agent hung up (Q-17, spec 03 §6.11). */
  readonly ratings: SatisfactionRatingsRepository;
  /** Team recharges and deductions, which move current fees (§1.11). */
  readonly finance: FinanceRepository;
  readonly internalNumbers: InternalNumbersRepository;
  readonly accountGroups: AccountGroupsRepository;
  readonly agents: AgentsRepository;
  readonly agentGroups: AgentGroupsRepository;
  /** Signed-in agents, kept across restarts (spec §1.5). */
  readonly agentSessions: AgentSessionsRepository;
  readonly ringGroups: RingGroupsRepository;
  /** Ring-group memberships with priority and statistics (spec 01 §2.4). */
  readonly ringGroupMembers: RingGroupMembersRepository;
  readonly queues: QueuesRepository;
  readonly conferenceRooms: ConferenceRoomsRepository;
  readonly voicemailBoxes: VoicemailBoxesRepository;
  readonly didGroups: DidGroupsRepository;
  readonly workHours: WorkHoursRepository;
  /** Rate tables (spec 03 §5). */
  readonly rates: RatesRepository;
  /** Call charges and the agent ledger (spec 03 §5, §7.1; D56). */
  readonly billing: BillingRepository;
  /** Periodic bills of the system, teams and users (spec 03 §7.4–7.6). */
  readonly bills: BillsRepository;
  /** Recording retention plans (spec 04 §15.13). */
  readonly recordingRetentionPlans: RecordingRetentionPlansRepository;
  /** Call parking lots and their slot numbers. */
  readonly parkingLots: ParkingLotsRepository;
  readonly callbackRequests: CallbackRequestsRepository;
  readonly trunkGroups: TrunkGroupsRepository;
  readonly trunkGroupRules: TrunkGroupRulesRepository;
  readonly inboundRoutes: InboundRoutesRepository;
  /** Inbound blacklists and whitelists (spec 02 §3.8, §3.9). */
  readonly callerLists: CallerListsRepository;
  readonly settings: SettingsRepository;
  readonly registrations: RegistrationsRepository;
  /** Admin API sessions and API keys. */
  readonly apiTokens: ApiTokensRepository;
  /** The admin API's audit trail (spec 04 §13.1). */
  readonly operationLogs: OperationLogsRepository;
  /** Who refers to an object, to explain a refused delete. */
  readonly references: ReferencesRepository;
  /** Uploaded audio (spec 02 §3.16); the bytes live under <dataDir>/sounds. */
  readonly voiceFiles: VoiceFilesRepository;
  /** Logical prompts with per-language files (spec 02 §3.14). */
  readonly callPrompts: CallPromptsRepository;
  /** Music-on-hold classes (spec 02 §3.13). */
  readonly mohClasses: MohClassesRepository;
  /** IVR flows with actions and transitions (spec 02 §3.15). */
  readonly ivrFlows: IvrFlowsRepository;
  /** Internal numbers entering built-in handlers (spec 02 §3.18). */
  readonly applications: ApplicationsRepository;
  /** RBAC roles and the role of each account (spec 01 §1.8). */
  readonly roles: RolesRepository;
  /** Trunk and device templates (spec 02 §3.5). */
  readonly pbxTemplates: PbxTemplatesRepository;
  /** Outbound caller-ID black- and whitelists (spec 02 §3.10). */
  readonly callerIdRestrictions: CallerIdRestrictionsRepository;
  /** BLF target groups (spec 02 §3.20). */
  readonly blfGroups: BlfGroupsRepository;
  /** DAHDI spans and ports, with staged edits (spec 02 §3.19). */
  readonly boards: BoardsRepository;
  /** Feature codes: built-in defaults with system and team overrides (spec 04 §15.9). */
  readonly featureCodes: FeatureCodesRepository;
  /**
   * Runs `fn` in one write transaction. Repository calls inside it join the
   * transaction (as savepoints), so several writes commit or fail together.
   * `fn` must be synchronous.
   */
  transaction<T>(fn: () => T): T;
  /**
   * A number that changes whenever any configuration in the file changes
   * (ChangeStamp): cached reads stay valid while it is the same.
   */
  changeStamp(): number;
  /** Closes the database; later calls do nothing, later use throws. */
  close(): void;
}

function countMigrations(sqlite: Database.Database): number {
  const table = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get('__drizzle_migrations');
  if (table === undefined) return 0;
  const row = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as {
    n: number;
  };
  return row.n;
}

/**
 * Applies pending migrations. Foreign keys are off meanwhile because
 * drizzle-kit rebuilds SQLite tables (create, copy, drop, rename) to alter
 * columns, and `PRAGMA foreign_keys` is a no-op inside the migration's
 * transaction; foreign_key_check afterwards proves nothing was broken.
 */
function applyMigrations(sqlite: Database.Database, logger: Logger): void {
  const before = countMigrations(sqlite);
  sqlite.pragma('foreign_keys = OFF');
  migrate(drizzle({ client: sqlite }), { migrationsFolder: MIGRATIONS_DIR });
  const violations = sqlite.pragma('foreign_key_check') as unknown[];
  if (violations.length > 0) {
    throw new ConfigError('migrations', violations.length, 'migrations broke foreign keys');
  }
  sqlite.pragma('foreign_keys = ON');
  const after = countMigrations(sqlite);
  if (after !== before) logger.info({ applied: after - before, total: after }, 'migrated store');
}

/**
 * Opens (creating if needed) `<dataDir>/switchyard.db` and brings its schema
 * up to date. The connection runs in WAL mode, so readers never block the
 * writer, with synchronous=FULL: a commit is on disk when it returns, even
 * across power loss. Config writes are rare (admin actions, provisioning),
 * so the extra fsync per commit costs nothing that matters, and an admin
 * never sees a saved change vanish. Crashing the process (SIGKILL) loses no
 * committed data in either mode.
 */
export function openStore(options: OpenStoreOptions): ConfigStore {
  const logger = options.logger ?? silentLogger();
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const secrets = new SecretBox(loadOrCreateSecretKey(options.dataDir, logger));
  const path = join(options.dataDir, STORE_FILE);
  const sqlite = new Database(path);
  let stamp: ChangeStamp;
  try {
    // The file holds password hashes and HA1 values: owner only.
    chmodSync(path, 0o600);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    applyMigrations(sqlite, logger);
    installSearchIndexes(sqlite, logger);
    stamp = ChangeStamp.install(sqlite);
  } catch (error) {
    sqlite.close();
    throw error;
  }

  const synchronous = {
    NORMAL: sqlite.prepare('PRAGMA synchronous = NORMAL'),
    FULL: sqlite.prepare('PRAGMA synchronous = FULL'),
  };
  const ctx = new StoreContext(
    drizzle({ client: sqlite }),
    options.clock ?? systemClock,
    secrets,
    logger,
    new ReadCache(
      () => stamp.configOnly(OTHER_CONNECTION_LAG_MS),
      () => sqlite.inTransaction,
    ),
    {
      asCounters: (fn) => stamp.countersOnly(fn),
      // Only between transactions: inside one, the outer write's mode holds.
      setSynchronous: (mode) => {
        if (!sqlite.inTransaction) synchronous[mode].run();
      },
    },
  );
  const settings = new SettingsRepository(ctx);
  settings.setIfAbsent(SETTING_KEYS.storeCreatedAt, ctx.now().toISOString());
  const mohClasses = new MohClassesRepository(ctx);
  mohClasses.ensureDefault();
  const roles = new RolesRepository(ctx);
  roles.ensureBuiltins();
  const pbxTemplates = new PbxTemplatesRepository(ctx);
  pbxTemplates.ensureBuiltins();
  logger.debug({ path }, 'config store open');

  return {
    path,
    get isOpen() {
      return ctx.isOpen;
    },
    teams: new TeamsRepository(ctx),
    accounts: new AccountsRepository(ctx),
    extensions: new ExtensionsRepository(ctx),
    trunks: new TrunksRepository(ctx),
    trunkRules: new TrunkRulesRepository(ctx),
    outboundRoutes: new OutboundRoutesRepository(ctx),
    dids: new DidsRepository(ctx),
    didLogs: new DidLogsRepository(ctx),
    ratings: new SatisfactionRatingsRepository(ctx),
    finance: new FinanceRepository(ctx),
    internalNumbers: new InternalNumbersRepository(ctx),
    accountGroups: new AccountGroupsRepository(ctx),
    agents: new AgentsRepository(ctx),
    agentGroups: new AgentGroupsRepository(ctx),
    agentSessions: new AgentSessionsRepository(ctx),
    ringGroups: new RingGroupsRepository(ctx),
    ringGroupMembers: new RingGroupMembersRepository(ctx),
    queues: new QueuesRepository(ctx),
    conferenceRooms: new ConferenceRoomsRepository(ctx),
    voicemailBoxes: new VoicemailBoxesRepository(ctx),
    didGroups: new DidGroupsRepository(ctx),
    workHours: new WorkHoursRepository(ctx),
    rates: new RatesRepository(ctx),
    billing: new BillingRepository(ctx),
    bills: new BillsRepository(ctx),
    recordingRetentionPlans: new RecordingRetentionPlansRepository(ctx),
    parkingLots: new ParkingLotsRepository(ctx),
    callbackRequests: new CallbackRequestsRepository(ctx),
    trunkGroups: new TrunkGroupsRepository(ctx),
    trunkGroupRules: new TrunkGroupRulesRepository(ctx),
    inboundRoutes: new InboundRoutesRepository(ctx),
    callerLists: new CallerListsRepository(ctx),
    settings,
    registrations: new RegistrationsRepository(ctx),
    apiTokens: new ApiTokensRepository(ctx),
    operationLogs: new OperationLogsRepository(ctx),
    references: new ReferencesRepository(ctx),
    voiceFiles: new VoiceFilesRepository(ctx),
    callPrompts: new CallPromptsRepository(ctx),
    mohClasses,
    ivrFlows: new IvrFlowsRepository(ctx),
    applications: new ApplicationsRepository(ctx),
    roles,
    pbxTemplates,
    callerIdRestrictions: new CallerIdRestrictionsRepository(ctx),
    blfGroups: new BlfGroupsRepository(ctx),
    boards: new BoardsRepository(ctx),
    featureCodes: new FeatureCodesRepository(ctx),
    transaction: (fn) => ctx.write(() => fn()),
    changeStamp: () => stamp.current(),
    close() {
      if (!ctx.isOpen) return;
      ctx.markClosed();
      sqlite.pragma('optimize');
      sqlite.close();
      logger.debug({ path }, 'config store closed');
    },
  };
}
