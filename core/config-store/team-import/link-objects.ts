import type { Team } from '../teams-repository.ts';
import type { ImportRow } from './document.ts';
import { fieldsOf, typed } from './import-context.ts';
import type { ImportContext, Row } from './import-context.ts';

/**
 * The second pass of a team import: failovers and IVR parts, which may
 * point at objects created after their own (a queue overflowing to a ring
 * group that overflows back), then the sections that point at them.
 */
export function linkObjects(ctx: ImportContext, teamId: number): void {
  const s = ctx.store;
  const failover = (row: ImportRow) => ({
    failoverType: row['failoverType'] as 'hangup',
    failoverTargetId: ctx.destination(
      row['failoverType'],
      row['failoverTargetId'],
      'failoverTargetId',
    ),
  });
  ctx.again('queues', (row, id) => s.queues.update(id, failover(row)));
  ctx.again('ringGroups', (row, id) => s.ringGroups.update(id, failover(row)));
  ctx.again('ivrFlows', (row, id) => s.ivrFlows.update(id, ivrParts(ctx, row)));
  ctx.again('outboundRoutes', (row, id) => {
    if (row['actionTargetId'] == null) return;
    const actionTargetId = ctx.destination(row['action'], row['actionTargetId'], 'actionTargetId');
    s.outboundRoutes.update(id, typed({ action: row['action'], actionTargetId, trunkId: null }));
  });
  ctx.each('inboundRoutes', (row) => {
    if (row['didId'] != null && ctx.options.includeDids !== true) {
      ctx.result.skipped.inboundRoutes.push(row['name'] as string);
      return undefined;
    }
    const fields = {
      ...fieldsOf(row),
      teamId,
      didId: ctx.ref('dids', row['didId'], 'didId'),
      didGroupId: ctx.ref('didGroups', row['didGroupId'], 'didGroupId'),
      trunkId: ctx.ref('trunks', row['trunkId'], 'trunkId'),
      workHoursId: ctx.ref('workHours', row['workHoursId'], 'workHoursId'),
      destinationId: ctx.destination(row['destinationType'], row['destinationId'], 'destinationId'),
    };
    return s.inboundRoutes.create(typed(fields)).id;
  });
  ctx.each('callerListEntries', (row) => {
    const fields = {
      ...fieldsOf(row),
      teamId,
      accountId: ctx.ref('accounts', row['accountId'], 'accountId'),
      extensionId: ctx.ref('extensions', row['extensionId'], 'extensionId'),
    };
    return s.callerLists.create(typed(fields)).id;
  });
  // Last, so that R15.9-5 sees every number the team now has.
  ctx.each('featureCodes', (row) => {
    const name = row['name'] as string;
    s.featureCodes.set(teamId, name, {
      code: row['code'] as string,
      note: row['note'] as string | null,
      enabled: row['enabled'] as boolean,
    });
    return s.featureCodes.rows(teamId).find((r) => r.name === name)?.id;
  });
}

/** The team's default traffic (TM-12), pointed at the imported object. */
export function linkDefaultTraffic(ctx: ImportContext, team: Team): Team {
  const type = ctx.doc.team['defaultTrafficType'];
  if (type === null || type === undefined) return team;
  const field = 'team.defaultTrafficTargetId';
  const targetId = ctx.destination(type, ctx.doc.team['defaultTrafficTargetId'], field);
  return ctx.store.teams.update(
    team.id,
    typed({ defaultTrafficType: type, defaultTrafficTargetId: targetId }),
  );
}

/** TM-5: the team's default trunk or trunk group, once they exist. */
export function linkOutboundTarget(ctx: ImportContext, team: Team): Team {
  const type = ctx.doc.team['outboundTargetType'];
  if (type === null || type === undefined || type === 'none') return team;
  const section = type === 'trunkGroup' ? 'trunkGroups' : 'trunks';
  const field = 'team.outboundTargetId';
  const targetId = ctx.ref(section, ctx.doc.team['outboundTargetId'], field);
  return ctx.store.teams.update(
    team.id,
    typed({ outboundTargetType: type, outboundTargetId: targetId }),
  );
}

/** TM-13: the team's external-agent trunk or trunk group, once they exist. */
export function linkExternalAgentTrunk(ctx: ImportContext, team: Team): Team {
  const type = ctx.doc.team['externalAgentTrunkType'];
  if (type === null || type === undefined || type === 'none') return team;
  const section = type === 'trunkGroup' ? 'trunkGroups' : 'trunks';
  const field = 'team.externalAgentTrunkId';
  const targetId = ctx.ref(section, ctx.doc.team['externalAgentTrunkId'], field);
  return ctx.store.teams.update(
    team.id,
    typed({ externalAgentTrunkType: type, externalAgentTrunkId: targetId }),
  );
}

/** An IVR flow's failover and parts, with their prompts and destinations mapped. */
function ivrParts(ctx: ImportContext, row: ImportRow): Row {
  const prompt = (id: unknown, field: string) => ctx.ref('callPrompts', id, field);
  const parts = (items: unknown, field: string, destinationKey?: string) =>
    ((items ?? []) as Row[]).map((item, j) => {
      const at = `${field}[${j}]`;
      return {
        ...item,
        ...('promptId' in item ? { promptId: prompt(item['promptId'], `${at}.promptId`) } : {}),
        ...(destinationKey === undefined
          ? {}
          : { [destinationKey]: ctx.stored(item[destinationKey], `${at}.${destinationKey}`) }),
        failover: ctx.stored(item['failover'], `${at}.failover`),
        failoverEndPromptId: prompt(item['failoverEndPromptId'], `${at}.failoverEndPromptId`),
      };
    });
  return {
    failover: ctx.stored(row['failover'], 'failover'),
    failoverEndPromptId: prompt(row['failoverEndPromptId'], 'failoverEndPromptId'),
    actions: parts(row['actions'], 'actions'),
    transitions: parts(row['transitions'], 'transitions', 'destination'),
  };
}
