import { randomInt } from 'node:crypto';
import { ConflictError, ValidationError, randomPassword } from '../../index.ts';
import type { ImportRow } from './document.ts';
import { fieldsOf, typed } from './import-context.ts';
import type { ImportContext, Row } from './import-context.ts';

/**
 * The first pass of a team import: creates the rows of every section but
 * the linked ones, in TEAM_IMPORT_ORDER, so that plain references point
 * backwards. Destinations that may form cycles are left unset here and
 * set by linkObjects().
 */
export function createObjects(ctx: ImportContext, teamId: number): void {
  const s = ctx.store;
  const r = ctx.result;
  const plain = (row: ImportRow, ...omit: string[]) => ({ ...fieldsOf(row, ...omit), teamId });
  ctx.each('roles', (row) => s.roles.create(typed(plain(row, 'builtin'))).id);
  ctx.each('pbxTemplates', (row) => s.pbxTemplates.create(typed(plain(row, 'isBuiltin'))).id);
  ctx.each('voiceFiles', (row) => s.voiceFiles.create(typed(plain(row))).id);
  ctx.each('callPrompts', (row) => {
    const variants = ((row['variants'] ?? []) as Row[]).map((v, j) => ({
      ...v,
      voiceFileId: ctx.ref('voiceFiles', v['voiceFileId'], `variants[${j}].voiceFileId`),
    }));
    const voiceFileId = ctx.ref('voiceFiles', row['voiceFileId'], 'voiceFileId');
    return s.callPrompts.create(typed({ ...plain(row), voiceFileId, variants })).id;
  });
  ctx.each('mohClasses', (row) => {
    const voiceFileIds = ctx.refs('voiceFiles', row['voiceFileIds'], 'voiceFileIds');
    return s.mohClasses.create(typed({ ...plain(row), voiceFileIds })).id;
  });
  ctx.each('accounts', (row) => {
    r.regeneratedCredentials.accounts.push(row['username'] as string);
    return s.accounts.create(typed({ ...plain(row), passwordHash: ctx.lockedHash })).id;
  });
  ctx.each('accountRoles', (row) => {
    const accountId = ctx.ref('accounts', row['accountId'], 'accountId')!;
    return s.roles.assign(accountId, ctx.ref('roles', row['roleId'], 'roleId')!).id;
  });
  ctx.each('trunks', (row) => {
    const fields = { ...plain(row, 'templateName'), ...ctx.template(row) };
    if (row['username'] == null && row['type'] !== 'registration') {
      return s.trunks.create(typed(fields)).id;
    }
    // The carrier's password cannot be generated; a random one keeps the
    // trunk valid (TRK-2) and fails authentication until it is replaced.
    r.trunksWithoutSecret.push(row['name'] as string);
    return s.trunks.create(typed({ ...fields, secret: randomPassword() })).id;
  });
  ctx.each('trunkRules', (row) => {
    const trunkId = ctx.mapOf('trunks').get(row['trunkId'] as number);
    // Rules of system trunks are not the team's: export leaves them out.
    if (trunkId === undefined) {
      throw new ValidationError(
        'trunkId',
        `no trunks id ${String(row['trunkId'])} in the document`,
      );
    }
    return s.trunkRules.create(typed({ ...fieldsOf(row), trunkId })).id;
  });
  ctx.each('trunkGroups', (row) => {
    const trunkIds = ctx.refs('trunks', row['trunkIds'], 'trunkIds');
    return s.trunkGroups.create(typed({ ...plain(row), trunkIds })).id;
  });
  ctx.each('trunkGroupRules', (row) => {
    const trunkGroupId = ctx.ref('trunkGroups', row['trunkGroupId'], 'trunkGroupId')!;
    const trunkId = ctx.ref('trunks', row['trunkId'], 'trunkId')!;
    return s.trunkGroupRules.create(typed({ ...fieldsOf(row), trunkGroupId, trunkId })).id;
  });
  ctx.each('callerIdRestrictions', (row) => {
    const trunkId = ctx.ref('trunks', row['trunkId'], 'trunkId');
    const trunkGroupId = ctx.ref('trunkGroups', row['trunkGroupId'], 'trunkGroupId');
    return s.callerIdRestrictions.create(typed({ ...plain(row), trunkId, trunkGroupId })).id;
  });
  ctx.each('extensions', (row) => {
    const accountId = ctx.ref('accounts', row['accountId'], 'accountId');
    const trunkId = ctx.ref('trunks', row['trunkId'], 'trunkId');
    // EXT-13: the ringback class, mapped like a queue's MOH class.
    const ringbackMohClassId = ctx.ref(
      'mohClasses',
      row['ringbackMohClassId'],
      'ringbackMohClassId',
    );
    const template = ctx.template(row);
    const fields = {
      ...plain(row, 'registrationName', 'templateName'),
      accountId,
      trunkId,
      ringbackMohClassId,
    };
    Object.assign(fields, template);
    const id = s.extensions.create(typed(fields)).id;
    r.regeneratedCredentials.extensions.push(row['internalNumber'] as string);
    return id;
  });
  ctx.each('voicemailBoxes', (row) => {
    const extensionId = ctx.ref('extensions', row['extensionId'], 'extensionId')!;
    const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const box = s.voicemailBoxes.create(typed({ ...plain(row), extensionId, pin }));
    r.regeneratedCredentials.voicemailBoxes.push(s.extensions.get(extensionId).internalNumber);
    return box.id;
  });
  ctx.each('blfGroups', (row) => {
    const extensionIds = ctx.refs('extensions', row['extensionIds'], 'extensionIds');
    const subscriberIds = ctx.refs('extensions', row['subscriberIds'], 'subscriberIds');
    return s.blfGroups.create(typed({ ...plain(row), extensionIds, subscriberIds })).id;
  });
  ctx.each('dids', (row) => createDid(ctx, teamId, row));
  ctx.each('didGroups', (row) => s.didGroups.create(typed(plain(row))).id);
  ctx.each('outboundRoutes', (row) => {
    const trunkId = ctx.ref('trunks', row['trunkId'], 'trunkId');
    // OR-4 targets (ring groups, queues) come later: linkObjects().
    const isLinkedLater = row['actionTargetId'] != null;
    const action = isLinkedLater ? { action: 'end', actionTargetId: null } : {};
    return s.outboundRoutes.create(typed({ ...plain(row), trunkId, ...action })).id;
  });
  ctx.each('accountGroups', (row) => {
    const members = ((row['members'] ?? []) as Row[]).map((m, j) => ({
      ...m,
      accountId: ctx.ref('accounts', m['accountId'], `members[${j}].accountId`),
    }));
    const trunkId = ctx.ref('trunks', row['trunkId'], 'trunkId');
    const trunkGroupId = ctx.ref('trunkGroups', row['trunkGroupId'], 'trunkGroupId');
    const outboundRouteIds = ctx.refs(
      'outboundRoutes',
      row['outboundRouteIds'],
      'outboundRouteIds',
    );
    const fields = { ...plain(row), trunkId, trunkGroupId, members, outboundRouteIds };
    return s.accountGroups.create(typed(fields)).id;
  });
  ctx.each('extensionRates', (row) => {
    // 5.3: the rate's trunk may be a system trunk, kept by id like a pin.
    const trunkId = ctx.ref('trunks', row['trunkId'], 'trunkId');
    const accountGroupId = ctx.ref('accountGroups', row['accountGroupId'], 'accountGroupId');
    return s.rates.extension.create(typed({ ...plain(row), trunkId, accountGroupId })).id;
  });
  ctx.each('agents', (row) => {
    const accountId = ctx.ref('accounts', row['accountId'], 'accountId');
    r.regeneratedCredentials.agents.push(row['agentNo'] as string);
    return s.agents.create(typed({ ...plain(row), accountId, passwordHash: ctx.lockedHash })).id;
  });
  // Failovers may point at objects created later (a queue overflowing to
  // a ring group that overflows back): they are set by linkObjects().
  const unlinked = { failoverType: 'hangup', failoverTargetId: null };
  ctx.each('queues', (row) => {
    const mohClassId = ctx.ref('mohClasses', row['mohClassId'], 'mohClassId');
    return s.queues.create(typed({ ...plain(row), mohClassId, ...unlinked })).id;
  });
  ctx.each('agentGroups', (row) => {
    const members = ((row['members'] ?? []) as Row[]).map((m, j) => ({
      ...m,
      agentId: ctx.ref('agents', m['agentId'], `members[${j}].agentId`),
    }));
    const queueId = ctx.ref('queues', row['queueId'], 'queueId');
    return s.agentGroups.create(typed({ ...plain(row), queueId, members })).id;
  });
  ctx.each('agentInboundRates', (row) => {
    // 5.4: a rate belongs to an agent group, optionally to one agent of it.
    const agentGroupId = ctx.ref('agentGroups', row['agentGroupId'], 'agentGroupId');
    const agentId = ctx.ref('agents', row['agentId'], 'agentId');
    return s.rates.agentInbound.create(typed({ ...plain(row), agentGroupId, agentId })).id;
  });
  ctx.each('ringGroups', (row) => {
    const extensionIds = ctx.refs('extensions', row['extensionIds'], 'extensionIds');
    const mohClassId = ctx.ref('mohClasses', row['mohClassId'], 'mohClassId');
    return s.ringGroups.create(typed({ ...plain(row), extensionIds, mohClassId, ...unlinked })).id;
  });
  ctx.each('ringGroupMembers', (row) => {
    // The group made the membership from its extensionIds; the priority is
    // the member's own (RGM-1). Ring and answer counts start again at 0.
    const ringGroupId = ctx.ref('ringGroups', row['ringGroupId'], 'ringGroupId')!;
    const extensionId = ctx.ref('extensions', row['extensionId'], 'extensionId')!;
    const priority = row['priority'] as number;
    const member = s.ringGroupMembers.findIn(ringGroupId, extensionId);
    if (member === undefined) {
      return s.ringGroupMembers.create({ ringGroupId, extensionId, priority }).id;
    }
    return s.ringGroupMembers.update(member.id, { priority }).id;
  });
  ctx.each('workHours', (row) => s.workHours.create(typed(plain(row))).id);
  ctx.each('conferenceRooms', (row) => s.conferenceRooms.create(typed(plain(row))).id);
  ctx.each('applications', (row) => s.applications.create(typed(plain(row))).id);
  ctx.each('ivrFlows', (row) => {
    const shell = fieldsOf(row, 'failover', 'failoverEndPromptId', 'actions', 'transitions');
    return s.ivrFlows.create(typed({ ...shell, teamId })).id;
  });
  ctx.each('parkingLots', (row) => {
    const mohClassId = ctx.ref('mohClasses', row['mohClassId'], 'mohClassId');
    const timeout = ctx.stored(row['timeoutDestination'], 'timeoutDestination');
    const fields = { ...plain(row), mohClassId, timeoutDestination: timeout };
    return s.parkingLots.create(typed(fields)).id;
  });
}

/** A DID row, or undefined when DIDs are not imported (they are unique system-wide). */
function createDid(ctx: ImportContext, teamId: number, row: ImportRow): number | undefined {
  const number = row['number'] as string;
  if (ctx.options.includeDids !== true) {
    ctx.result.skipped.dids.push(number);
    return undefined;
  }
  // DIDs are unique system-wide (DID-1): name the one that is taken.
  if (ctx.store.dids.findByNumber(number) !== undefined) {
    throw new ConflictError('ERR_DID_TAKEN', `DID ${number} is already taken`, 'number');
  }
  const destinationId = ctx.destination(
    row['destinationType'],
    row['destinationId'],
    'destinationId',
  );
  const fields = { ...fieldsOf(row), teamId, destinationId };
  return ctx.store.dids.create(typed(fields)).id;
}
