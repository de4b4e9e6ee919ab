/** What one extension is doing, as the dialog event package reports it (RFC 4235 §3.7.1). */
export interface ExtensionDialog {
  readonly id: string;
  readonly state: 'early' | 'confirmed' | 'terminated';
  /** Who placed the call, from the extension's side (RFC 4235 §4.1.1). */
  readonly direction: 'initiator' | 'recipient';
  /**
   * The caller of a ringing extension (BLF-3), so the watcher's phone can
   * show who rings and offer a directed pickup. Left out once the call is
   * answered: a watcher learns that the colleague is busy, not with whom.
   */
  readonly remoteNumber?: string | undefined;
}

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The host part of the watched entity's URI, for the identities of the other parties. */
function entityHost(entity: string): string {
  const at = entity.lastIndexOf('@');
  return at < 0 ? '' : entity.slice(at + 1).replace(/[;>].*$/, '');
}

/** RFC 4235 §4.1.6: the remote participant, as identity and target. */
function remoteXml(entity: string, d: ExtensionDialog): string {
  if (d.remoteNumber === undefined || d.state !== 'early') return '';
  const uri = escapeXml(`sip:${d.remoteNumber}@${entityHost(entity)}`);
  return `<remote><identity>${uri}</identity><target uri="${uri}"/></remote>`;
}

/**
 * A full-state dialog-info document (RFC 4235 §4): the extension's
 * dialogs, none when it is idle. `version` grows by one per NOTIFY of the
 * subscription (§4.1).
 */
export function dialogInfoXml(
  entity: string,
  version: number,
  dialogs: readonly ExtensionDialog[],
): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="full" entity="${escapeXml(entity)}">`,
    ...dialogs.map(
      (d) =>
        `<dialog id="${escapeXml(d.id)}" direction="${d.direction}"><state>${d.state}</state>${remoteXml(entity, d)}</dialog>`,
    ),
    '</dialog-info>',
    '',
  ];
  return lines.join('\r\n');
}
