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
  /**
   * The ringing call's dialog as the switch holds it with the caller
   * (RFC 4235 §4.1 call-id, local-tag, remote-tag): a watcher's phone
   * picks the call up by INVITE with Replaces naming it (RFC 3891, D89).
   */
  readonly sipDialog?: SipDialogId | undefined;
}

/** A dialog's identifiers, from the switch's side (RFC 3261 §12). */
export interface SipDialogId {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
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

/** RFC 4235 §4.1.1's dialog identifiers of a ringing dialog, as attributes. */
function dialogIdAttributes(d: ExtensionDialog): string {
  const id = d.sipDialog;
  if (id === undefined || d.state !== 'early') return '';
  return (
    ` call-id="${escapeXml(id.callId)}" local-tag="${escapeXml(id.localTag)}"` +
    ` remote-tag="${escapeXml(id.remoteTag)}"`
  );
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
        `<dialog id="${escapeXml(d.id)}"${dialogIdAttributes(d)} direction="${d.direction}"><state>${d.state}</state>${remoteXml(entity, d)}</dialog>`,
    ),
    '</dialog-info>',
    '',
  ];
  return lines.join('\r\n');
}
