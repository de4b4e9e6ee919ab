import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ConflictError } from '../../../core/index.ts';
import type { ConfigStore, InternalNumber } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import type { Plan } from '../shared/crud.ts';
import {
  internalNumberSchema,
  listInternalNumbersSchema,
  patchInternalNumberSchema,
} from './schema.ts';

/** An entry as the list shows it: with its owner's name and account. */
export type InternalNumberView = InternalNumber & {
  ownerName: string | null;
  accountId: number | null;
};

type Patch = z.output<typeof patchInternalNumberSchema>;

/** What the list shows of an entry's owner. */
interface Owner {
  name: string;
  accountId: number | null;
}

/**
 * The owner of an entry, read by id. A page needs only its own entries'
 * owners: reading every owner of a team of ten thousand extensions took
 * about half a second (D111).
 */
function ownerOf(store: ConfigStore, entry: InternalNumber): Owner | undefined {
  const id = entry.ownerId;
  if (id === null) return undefined;
  const named = (row: { name: string } | undefined): Owner | undefined =>
    row && { name: row.name, accountId: null };
  switch (entry.kind) {
    case 'extension': {
      const extension = store.extensions.find(id);
      return extension && { name: extension.name, accountId: extension.accountId };
    }
    case 'queue':
      return named(store.queues.find(id));
    case 'ringGroup':
      return named(store.ringGroups.find(id));
    case 'ivr':
      return named(store.ivrFlows.find(id));
    case 'conferenceRoom':
      return named(store.conferenceRooms.find(id));
    case 'application':
      return named(store.applications.find(id));
    default:
      return undefined;
  }
}

/** Entries as the list shows them: with the owner's name, and an extension's account. */
function views(store: ConfigStore, entries: InternalNumber[]): InternalNumberView[] {
  return entries.map((entry) => {
    const owner = ownerOf(store, entry);
    return { ...entry, ownerName: owner?.name ?? null, accountId: owner?.accountId ?? null };
  });
}

/**
 * IN-3 through the owner (IN-5, one source of truth): the number moves in
 * the owner's own row and in the namespace in one transaction.
 */
function renumber(store: ConfigStore, entry: InternalNumber, number: string): void {
  const id = entry.ownerId;
  switch (id === null ? undefined : entry.kind) {
    case 'extension':
      store.extensions.update(id!, { internalNumber: number });
      return;
    case 'queue':
      store.queues.update(id!, { number });
      return;
    case 'ringGroup':
      store.ringGroups.update(id!, { internalNumber: number });
      return;
    case 'ivr':
      store.ivrFlows.update(id!, { internalNumber: number });
      return;
    case 'conferenceRoom':
      store.conferenceRooms.update(id!, { number });
      return;
    case 'application':
      store.applications.update(id!, { internalNumber: number });
      return;
    default:
      store.internalNumbers.changeNumber(entry.teamId, entry.number, number);
  }
}

/**
 * Internal numbers (spec 01 §2.10 内线管理): the team's dial-plan namespace
 * across extensions, queues, ring groups, IVRs, conference rooms and
 * applications, as one list. Each number comes and goes with its object
 * (IN-4: delete the object in its own module), so there is no POST or
 * DELETE here; PATCH changes the number, in the owner too (IN-3, IN-5).
 */
export function registerInternalNumberRoutes(app: FastifyInstance, store: ConfigStore): void {
  const viewOf = (id: number): InternalNumberView | undefined => {
    const entry = store.internalNumbers.find(id);
    return entry === undefined ? undefined : views(store, [entry])[0];
  };
  registerCrudRoutes<InternalNumberView, never, Patch>(app, store, {
    path: 'internal-numbers',
    label: 'internal number',
    entitySchema: internalNumberSchema,
    patchSchema: patchInternalNumberSchema,
    listSchema: listInternalNumbersSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (entry) => entry.teamId,
    find: viewOf,
    list: (teamId) => views(store, store.internalNumbers.list(teamId)),
    page: (request) => {
      const page = store.internalNumbers.page(request);
      return page && { items: views(store, page.items), hasMore: page.hasMore };
    },
    planUpdate:
      (entry, patch): Plan<InternalNumberView> =>
      () => {
        if (patch.number !== entry.number) {
          if (store.internalNumbers.lookup(entry.teamId, patch.number) !== undefined) {
            throw new ConflictError(
              'ERR_INTERNAL_NUMBER_TAKEN',
              `internal number ${patch.number} is already used in this team (IN-1)`,
              'number',
            );
          }
          renumber(store, entry, patch.number);
        }
        return viewOf(entry.id)!;
      },
  });
}
