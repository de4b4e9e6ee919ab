/** What one extension is doing, as the dialog event package reports it (RFC 4235 §3.7.1). */
export interface ExtensionDialog {
  readonly id: string;
  readonly state: 'early' | 'confirmed' | 'terminated';
  /** Who placed the call, from the extension's side (RFC 4235 §4.1.1). */
  readonly direction: 'initiator' | 'recipient';
}

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

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
        `<dialog id="${escapeXml(d.id)}" direction="${d.direction}"><state>${d.state}</state></dialog>`,
    ),
    '</dialog-info>',
    '',
  ];
  return lines.join('\r\n');
}
